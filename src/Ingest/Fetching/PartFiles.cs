using ModelHub.Storage;

namespace ModelHub.Ingest.Fetching;

/// <summary>
/// An artifact's partial download in <c>temp/</c> and its notes: the upstream ETag it was started
/// under (<c>.etag</c>) and, for ranged downloads, the chunks already written (<c>.chunks</c>). Every
/// fetch of the artifact, in any process, uses the same files, so one can resume what another began.
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
        DeleteNotes();
    }

    public void DeleteNotes()
    {
        File.Delete(EtagFile);
        File.Delete(ChunksFile);
    }
}
