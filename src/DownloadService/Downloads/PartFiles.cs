using ModelHub.Storage;

namespace ModelHub.DownloadService.Downloads;

/// <summary>
/// An artifact's partial download in <c>temp/</c> and its notes: the upstream ETag it was started
/// under (<c>.etag</c>) and, for ranged downloads, the chunks already written (<c>.chunks</c>).
/// </summary>
internal sealed class PartFiles(BlobStore store, Guid artifactId)
{
    public string Name { get; } = $"download-{artifactId:N}";

    public string Part => store.PartPath(Name);

    public string EtagFile => Part + ".etag";

    public string ChunksFile => Part + ".chunks";

    public string? SavedEtag => File.Exists(Part) && File.Exists(EtagFile) ? File.ReadAllText(EtagFile) : null;

    public Task SaveEtagAsync(string? etag) => File.WriteAllTextAsync(EtagFile, etag ?? "");

    public void Delete()
    {
        File.Delete(Part);
        File.Delete(EtagFile);
        File.Delete(ChunksFile);
    }

    public void DeleteNotes()
    {
        File.Delete(EtagFile);
        File.Delete(ChunksFile);
    }
}

/// <summary>The upstream answered a ranged request with the whole file: fetch it in one stream instead.</summary>
internal sealed class RangesNotSupportedException() : Exception("the upstream ignores ranged requests");

/// <summary>The file changed upstream (another ETag) since the partial download began: start again.</summary>
internal sealed class UpstreamChangedException() : Exception("the file changed upstream while it was being downloaded");
