using System.ComponentModel.DataAnnotations;

namespace ModelHub.Storage;

/// <summary>Section <c>Storage</c>: where the model store lives.</summary>
public sealed class StoreOptions
{
    public const string Section = "Storage";

    /// <summary>The store's folder: <c>blobs/sha256/</c>, <c>metadata/</c> and <c>temp/</c> live below it.</summary>
    [Required]
    public string Root { get; set; } = "";

    /// <summary>How old the store size reported to metrics may be before the folder is counted again.</summary>
    public TimeSpan SizeRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
