using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Ingest.Fetching;

/// <summary>
/// One stream, hashed while it is written, front to back. A fetch continues from the partial file with a
/// <c>Range</c> request when the upstream ETag is unchanged, and starts over when it changed.
/// </summary>
public sealed class SequentialFetcher(IHubClient hub, BlobStore store)
{
    public async Task<StoredBlob> FetchAsync(FetchTarget target, IIngestObserver observer, CancellationToken cancellationToken)
    {
        var files = new PartFiles(store, target.ArtifactId);
        var expected = target.Expected;
        var savedEtag = files.SavedEtag;
        var offset = savedEtag is null ? 0 : new FileInfo(files.Part).Length;
        if (offset >= expected.Size)
        {
            offset = 0;
        }

        var download = await hub.DownloadAsync(target.Repo, target.Commit, target.Path, offset, cancellationToken);
        try
        {
            if (offset > 0 && download.ETag != savedEtag)
            {
                await download.DisposeAsync();
                files.Delete();
                (offset, download) = (0, await hub.DownloadAsync(target.Repo, target.Commit, target.Path, 0, cancellationToken));
            }

            offset = download.Offset == offset ? offset : 0;
            expected.RefuseOversizeAnnouncement(offset, download.ContentLength);
            // This writer may cut the file short, so a ranged fetch's note of written chunks no longer holds.
            files.DeleteNotes();
            await files.SaveEtagAsync(download.ETag);
            var (sha256, gitSha1) = await WriteAsync(files.Part, offset, download.Content, expected, observer, cancellationToken);
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
        string part, long offset, Stream body, ExpectedContent expected, IIngestObserver observer, CancellationToken cancellationToken)
    {
        using var hasher = new ContentHasher(expected);
        // Readers may follow the growing file (a pull-through's clients); only this fetch, which holds the blob lock, writes it.
        await using var file = new FileStream(part, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 0, FileOptions.Asynchronous);
        file.SetLength(offset);
        // The bytes kept from an earlier attempt are hashed again from disk, not trusted.
        file.Position = 0;
        var kept = await hasher.CopyAsync(file, Stream.Null, 0, null, cancellationToken, limit: offset);
        observer.Opened(part, expected.Size, kept);
        file.Position = kept;
        await hasher.CopyAsync(body, file, kept, observer.WroteAsync, cancellationToken);
        return hasher.Finish();
    }
}
