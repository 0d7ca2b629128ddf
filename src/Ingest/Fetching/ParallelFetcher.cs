using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Ingest.Fetching;

/// <summary>
/// A large file over several connections: fixed-size ranged requests written at their offsets.
/// Chunks already written are noted, so a retried job fetches only the rest (while the ETag holds).
/// The file is hashed in order while it downloads (<see cref="OrderedHasher"/>) and verified before it
/// enters the store. A range whose body breaks off is continued where it stopped, from the next upstream that serves
/// the file (<see cref="BodyResumes"/>).
/// </summary>
public sealed class ParallelFetcher(IHubClient hub, BlobStore store, IOptions<IngestOptions> options)
{
    private const int BufferSize = 256 * 1024;

    public async Task<StoredBlob> FetchAsync(FetchTarget target, IIngestObserver observer, FetchSources sources, CancellationToken cancellationToken)
    {
        var expected = target.Expected;
        var files = new PartFiles(store, target.ArtifactId);
        var chunk = (long)options.Value.ChunkBytes;
        var count = (int)((expected.Size + chunk - 1) / chunk);
        var etag = files.SavedEtag;
        var written = etag is null ? [] : ReadWrittenChunks(files.ChunksFile, count);
        if (etag is null)
        {
            files.Delete();
        }

        var kept = written.Sum(i => ChunkLength(i, chunk, expected.Size));
        observer.Opened(files.Part, expected.Size, kept);
        sources.Kept(kept);
        using var hasher = new OrderedHasher(expected, chunk, count);
        foreach (var index in written)
        {
            hasher.Written(index);
        }

        var notes = new SemaphoreSlim(1, 1);
        (string Sha256, string? GitSha1) hash;
        using (var handle = File.OpenHandle(files.Part, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, FileOptions.Asynchronous))
        {
            RandomAccess.SetLength(handle, expected.Size);
            var hashing = hasher.HashAsync(handle, cancellationToken);
            try
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, count).Where(i => !written.Contains(i)), new ParallelOptions
                {
                    MaxDegreeOfParallelism = options.Value.Connections,
                    CancellationToken = cancellationToken,
                }, async (index, ct) =>
                {
                    await FetchRangeAsync(target, handle, index * chunk, ChunkLength(index, chunk, expected.Size), sources, observer,
                        async served => etag = await UnderAsync(notes, () => CheckEtagAsync(files, etag, served), ct), ct);
                    await UnderAsync(notes, async () => await File.AppendAllTextAsync(files.ChunksFile, $"{index}\n", ct), ct);
                    hasher.Written(index);
                });
            }
            catch (Exception e)
            {
                hasher.Abandon(e);
                await hashing.ContinueWith(_ => { }, TaskScheduler.Default);
                throw;
            }

            hash = await hashing;
        }

        var blob = await store.CommitPartAsync(files.Name, expected, hash.Sha256, hash.GitSha1, observer.Verified, cancellationToken);
        files.DeleteNotes();
        return blob;
    }

    /// <summary>
    /// One range written at its offset, each body's ETag checked by <paramref name="checkEtag"/>; a body that breaks off is
    /// continued where it stopped, from the upstream <paramref name="sources"/> asks next, while <see cref="BodyResumes"/> allows.
    /// </summary>
    private async Task FetchRangeAsync(
        FetchTarget target, SafeFileHandle file, long offset, long length, FetchSources sources, IIngestObserver observer,
        Func<string?, Task> checkEtag, CancellationToken cancellationToken)
    {
        var done = new StrongBox<long>();
        while (true)
        {
            var from = done.Value;
            var openedAt = sources.Resumes.Breaks;
            await using var download = await hub.DownloadRangeAsync(
                target.Repo, target.Commit, target.Path, offset + from, length - from, sources.Choice, cancellationToken);
            try
            {
                // A 200 to a range is the whole file, wherever the range starts (the first chunk's starts where it does).
                if (download.Offset != offset + from || (!download.IsPartial && length - from < target.Expected.Size))
                {
                    throw new RangesNotSupportedException();
                }

                RefuseOversize(download.ContentLength, offset + from, length - from);
                await checkEtag(download.ETag);
                await CopyChunkAsync(download.Content, file, offset, length, done, sources.Resumes, observer, cancellationToken);
                await RefuseMoreAsync(download.Content, offset, length, cancellationToken);
                sources.Fetched(download.Source, done.Value - from);
                return;
            }
            catch (Exception e) when (done.Value < length && sources.Resumes.After(e, openedAt, cancellationToken))
            {
                sources.Fetched(download.Source, done.Value - from);
                sources.BrokeOff(download.Source);
            }
        }
    }

    private static async Task<T> UnderAsync<T>(SemaphoreSlim gate, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            gate.Release();
        }
    }

    private static Task UnderAsync(SemaphoreSlim gate, Func<Task> work, CancellationToken cancellationToken) =>
        UnderAsync(gate, async () =>
        {
            await work();
            return true;
        }, cancellationToken);

    private static async Task<string?> CheckEtagAsync(PartFiles files, string? known, string? served)
    {
        if (known is null)
        {
            await files.SaveEtagAsync(served ?? "");
            return served ?? "";
        }

        return known == (served ?? "") ? known : throw new UpstreamChangedException();
    }

    /// <summary>Copies the rest of the chunk from <paramref name="done"/> on, counting into it as the bytes are written.</summary>
    private static async Task CopyChunkAsync(
        Stream body, SafeFileHandle file, long offset, long length, StrongBox<long> done, BodyResumes resumes, IIngestObserver observer,
        CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (done.Value < length)
            {
                var read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(BufferSize, length - done.Value)), cancellationToken);
                if (read == 0)
                {
                    throw new IOException($"the upstream ended the range at {offset + done.Value} of {offset}-{offset + length - 1}");
                }

                await RandomAccess.WriteAsync(file, buffer.AsMemory(0, read), offset + done.Value, cancellationToken);
                done.Value += read;
                resumes.Wrote(read);
                await observer.WroteAsync(read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void RefuseOversize(long? announced, long offset, long length)
    {
        if (announced > length)
        {
            throw new ContentMismatchException(
                $"size mismatch: expected {length} bytes for bytes {offset}-{offset + length - 1}, the upstream announced {announced}");
        }
    }

    // A range answer without Content-Length (chunked) can only show it runs long by having a byte more.
    private static async Task RefuseMoreAsync(Stream body, long offset, long length, CancellationToken cancellationToken)
    {
        if (await body.ReadAsync(new byte[1], cancellationToken) > 0)
        {
            throw new ContentMismatchException($"size mismatch: expected {length} bytes for bytes {offset}-{offset + length - 1}, the upstream sent more");
        }
    }

    private static long ChunkLength(int index, long chunk, long size) => Math.Min(chunk, size - (index * chunk));

    private static HashSet<int> ReadWrittenChunks(string path, int count) =>
        File.Exists(path)
            ? File.ReadAllLines(path).Select(l => int.TryParse(l, out var i) ? i : -1).Where(i => i >= 0 && i < count).ToHashSet()
            : [];
}
