using System.Buffers;
using System.Security.Cryptography;
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
    private const int BufferSize = 1 << 20;

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
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var gitSha1 = expected.GitBlobSha1 is null ? null : GitBlobHash.Start(expected.Size);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var file = new FileStream(part, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 0, FileOptions.Asynchronous);
            file.SetLength(offset);
            // The bytes kept from an earlier attempt are hashed again from disk, not trusted.
            long size = await HashPrefixAsync(file, offset, buffer, sha256, gitSha1, cancellationToken);
            progress.Resume(size);
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                size += read;
                if (size > expected.Size)
                {
                    throw new ContentMismatchException($"size mismatch: expected {expected.Size} bytes, got more");
                }

                sha256.AppendData(buffer, 0, read);
                gitSha1?.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await progress.AddAsync(read);
            }

            file.Flush(flushToDisk: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (Convert.ToHexStringLower(sha256.GetHashAndReset()), gitSha1 is null ? null : Convert.ToHexStringLower(gitSha1.GetHashAndReset()));
    }

    private static async Task<long> HashPrefixAsync(
        FileStream file, long length, byte[] buffer, IncrementalHash sha256, IncrementalHash? gitSha1, CancellationToken cancellationToken)
    {
        file.Position = 0;
        long done = 0;
        while (done < length)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(BufferSize, length - done)), cancellationToken);
            if (read == 0)
            {
                break;
            }

            sha256.AppendData(buffer, 0, read);
            gitSha1?.AppendData(buffer, 0, read);
            done += read;
        }

        return done;
    }
}
