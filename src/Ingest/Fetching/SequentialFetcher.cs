using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Ingest.Fetching;

/// <summary>
/// One stream, hashed while it is written, front to back. A fetch continues from the partial file with a
/// <c>Range</c> request when the upstream ETag is unchanged, and starts over when it changed. A body that breaks off
/// is continued where it stopped, from the next upstream that serves the file (<see cref="BodyResumes"/>).
/// </summary>
public sealed class SequentialFetcher(IHubClient hub, BlobStore store)
{
    public async Task<StoredBlob> FetchAsync(FetchTarget target, IIngestObserver observer, FetchSources sources, CancellationToken cancellationToken)
    {
        var files = new PartFiles(store, target.ArtifactId);
        var expected = target.Expected;
        var savedEtag = files.SavedEtag;
        var offset = savedEtag is null ? 0 : new FileInfo(files.Part).Length;
        if (offset >= expected.Size)
        {
            offset = 0;
        }

        var body = new Body { Download = await OpenAsync(target, offset, sources, cancellationToken) };
        try
        {
            if (offset > 0 && body.Download.ETag != savedEtag)
            {
                await body.Download.DisposeAsync();
                files.Delete();
                (offset, body.Download) = (0, await OpenAsync(target, 0, sources, cancellationToken));
            }

            offset = body.Download.Offset == offset ? offset : 0;
            expected.RefuseOversizeAnnouncement(offset, body.Download.ContentLength);
            // This writer may cut the file short, so a ranged fetch's note of written chunks no longer holds.
            files.DeleteNotes();
            await files.SaveEtagAsync(body.Download.ETag);
            var (sha256, gitSha1) = await WriteAsync(files.Part, offset, target, body, observer, sources, cancellationToken);
            var blob = await store.CommitPartAsync(files.Name, expected, sha256, gitSha1, observer.Verified, cancellationToken);
            files.DeleteNotes();
            return blob;
        }
        finally
        {
            await body.Download.DisposeAsync();
        }
    }

    private Task<HubFileDownload> OpenAsync(FetchTarget target, long offset, FetchSources sources, CancellationToken cancellationToken) =>
        hub.DownloadAsync(target.Repo, target.Commit, target.Path, offset, sources.Choice, cancellationToken);

    /// <summary>Writes the body, and the bodies that continue it when it breaks off; <paramref name="body"/> holds the last one, for the caller to dispose.</summary>
    private async Task<(string Sha256, string? GitSha1)> WriteAsync(
        string part, long offset, FetchTarget target, Body body, IIngestObserver observer, FetchSources sources,
        CancellationToken cancellationToken)
    {
        var expected = target.Expected;
        using var hasher = new ContentHasher(expected);
        // Readers may follow the growing file (a pull-through's clients); only this fetch, which holds the blob lock, writes it.
        await using var file = new FileStream(part, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 0, FileOptions.Asynchronous);
        file.SetLength(offset);
        // The bytes kept from an earlier attempt are hashed again from disk, not trusted.
        file.Position = 0;
        var kept = await hasher.CopyAsync(file, Stream.Null, 0, null, cancellationToken, limit: offset);
        observer.Opened(part, expected.Size, kept);
        sources.Kept(kept);
        file.Position = kept;
        var etag = body.Download.ETag;
        ValueTask Wrote(int bytes)
        {
            sources.Resumes.Wrote(bytes);
            return observer.WroteAsync(bytes);
        }

        while (true)
        {
            var from = file.Position;
            var openedAt = sources.Resumes.Breaks;
            try
            {
                await hasher.CopyAsync(body.Download.Content, file, from, Wrote, cancellationToken);
                sources.Fetched(body.Download.Source, file.Position - from);
                return hasher.Finish();
            }
            catch (Exception e) when (file.Position < expected.Size && sources.Resumes.After(e, openedAt, cancellationToken))
            {
                sources.Fetched(body.Download.Source, file.Position - from);
                sources.BrokeOff(body.Download.Source);
                await body.Download.DisposeAsync();
                body.Download = await OpenAsync(target, file.Position, sources, cancellationToken);
                ContinuesAt(body.Download, file.Position, etag);
            }
        }
    }

    /// <summary>A body that continues another must start where it stopped and be of the same file.</summary>
    private static void ContinuesAt(HubFileDownload download, long position, string? etag)
    {
        if (download.ETag != etag)
        {
            throw new UpstreamChangedException();
        }

        if (download.Offset != position)
        {
            throw new IOException($"{download.Source} ignored the range when the download was continued from byte {position}");
        }
    }

    /// <summary>The body being read: another when one broke off and the fetch continues.</summary>
    private sealed class Body
    {
        public required HubFileDownload Download { get; set; }
    }
}
