using System.ComponentModel.DataAnnotations;

namespace ModelHub.DownloadService.Downloads;

/// <summary>Section <c>Downloads</c>: the download jobs' own settings (how files are fetched is <c>IngestOptions</c>, the same section).</summary>
public sealed class DownloadOptions
{
    public const string Section = "Downloads";

    /// <summary>How long a download waits for another worker fetching the same bytes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Partial files untouched for this long belong to no running job and are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan AbandonedPartAge { get; set; } = TimeSpan.FromDays(1);
}
