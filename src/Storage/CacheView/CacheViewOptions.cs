namespace ModelHub.Storage.CacheView;

/// <summary>Section <c>CacheView</c>: the store seen as a Hugging Face cache folder, for nodes that mount it.</summary>
public sealed class CacheViewOptions
{
    public const string Section = "CacheView";

    /// <summary>
    /// The folder kept in the layout the official clients write (<c>HF_HUB_CACHE</c> on the nodes); empty: no view.
    /// On the store's file system its blobs are hard links to the store's, elsewhere symbolic links.
    /// </summary>
    public string Folder { get; set; } = "";
}
