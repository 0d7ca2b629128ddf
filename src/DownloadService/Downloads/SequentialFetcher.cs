using ModelHub.Persistence.Artifacts;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.DownloadService.Downloads;

/// <summary>
/// One stream, hashed while it is written. A retried job continues from the partial file with a
/// <c>Range</c> request when the upstream ETag is unchanged, and starts over when it changed.
/// </summary>
internal sealed class SequentialFetcher(IHubClient hub, BlobStore store)
{
    public async Task<StoredBlob> FetchAsync(ModelArtifact artifact, string repoId, ExpectedContent expected, ProgressMeter progress, CancellationToken cancellationToken)
    {
        var files = new PartFiles(store, artifact.Id);
        var savedEtag = files.SavedEtag;
        var offset = savedEtag is null ? 0 : new FileInfo(files.Part).Length;
        if (offset >= expected.Size)
        {
            offset = 0;
        }

        var download = await hub.DownloadAsync(repoId, artifact.Commit, artifact.Path, offset, cancellationToken);
        try
        {
            if (offset > 0 && download.ETag != savedEtag)
            {
                await download.DisposeAsync();
                files.Delete();
                (offset, download) = (0, await hub.DownloadAsync(repoId, artifact.Commit, artifact.Path, 0, cancellationToken));
            }

            offset = download.Offset == offset ? offset : 0;
            expected.RefuseOversizeAnnouncement(offset, download.ContentLength);
            await files.SaveEtagAsync(download.ETag);
            var (sha256, gitSha1) = await WriteAsync(files.Part, offset, download.Content, expected, progress, cancellationToken);
            var blob = await store.CommitPartAsync(files.Name, expected, sha256, gitSha1, cancellationToken);
            files.DeleteNotes();
            return blob;
        }
        finally
        {
            await download.DisposeAsync();
        }
    }

    private static async Task<(string Sha256, string? GitSha1)> WriteAsync(
        string part, long offset, Stream body, ExpectedContent expected, ProgressMeter progress, CancellationToken cancellationToken)
    {
        using var hasher = new ContentHasher(expected);
        await using var file = new FileStream(part, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 0, FileOptions.Asynchronous);
        file.SetLength(offset);
        // The bytes kept from an earlier attempt are hashed again from disk, not trusted.
        file.Position = 0;
        var kept = await hasher.CopyAsync(file, Stream.Null, 0, null, cancellationToken, limit: offset);
        progress.Resume(kept);
        file.Position = kept;
        await hasher.CopyAsync(body, file, kept, read => progress.AddAsync(read), cancellationToken);
        return hasher.Finish();
    }
}
