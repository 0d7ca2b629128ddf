using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Storage;
using ModelHub.Upstream.Sources;

namespace ModelHub.Ingest.Fetching;

/// <summary>
/// Fetches a file into the store, verified: large files over several connections in ranges (unless the
/// caller needs the file written in order), others in one resumable stream. A partial file is kept for the
/// next attempt unless its bytes can no longer be trusted (wrong bytes, a changed upstream file).
/// Bytes that fail verification are never stored, and the upstream that served them is not asked for the file again
/// (<see cref="WrongSources"/>): the file is fetched afresh from the next, unless readers already follow it in order.
/// </summary>
public sealed partial class ArtifactFetcher(
    BlobStore store, SequentialFetcher sequential, ParallelFetcher parallel, WrongSources wrongSources, UpstreamSet upstreams,
    IOptions<IngestOptions> options, ILogger<ArtifactFetcher> logger)
{
    // Each try convicts an upstream or narrows several to one, so a few tries always settle it.
    private const int MaxTries = 8;

    public async Task<FetchedBlob> FetchAsync(FetchTarget target, bool inOrder, IIngestObserver observer, CancellationToken cancellationToken)
    {
        var refused = wrongSources.For(target.Expected);
        var choice = SourceChoice.Without(refused);
        for (var tries = 1; ; tries++)
        {
            var sources = new FetchSources(choice, upstreams.Bytes.Count(choice.Allows));
            try
            {
                var blob = await FetchOnceAsync(target, inOrder, observer, sources, cancellationToken);
                return new FetchedBlob(blob, new SourceReport([.. sources.Bytes.OrderByDescending(pair => pair.Value)], sources.KeptBytes, [.. refused]));
            }
            catch (ContentMismatchException e)
            {
                new PartFiles(store, target.ArtifactId).Delete();
                var used = sources.Used;
                if (used.Count == 1 && sources.KeptBytes == 0)
                {
                    wrongSources.Convict(target.Expected, used[0], e.Message);
                    refused.Add(used[0]);
                    choice = SourceChoice.Without(refused);
                }
                else if (used.Count > 1)
                {
                    // Several gave bytes: ask the first alone, so a second mismatch says which one is wrong.
                    choice = SourceChoice.Without(refused).Only(used[0]);
                }

                // Readers following the file in order have been sent its first bytes: a fresh start would mix two files.
                if (inOrder || tries >= MaxTries || used.Count == 0 || !wrongSources.AnyLeft(refused))
                {
                    throw;
                }

                LogRetrying(logger, target.Repo.ToString(), target.Path, choice.ToString());
            }
            catch (UpstreamChangedException)
            {
                new PartFiles(store, target.ArtifactId).Delete();
                throw;
            }
            catch (IOException e) when (StoreFullException.IsDiskFull(e))
            {
                // The part is dropped rather than kept for a resume: its space is what the next job needs.
                new PartFiles(store, target.ArtifactId).Delete();
                throw e as StoreFullException ?? new StoreFullException($"{target.Path} ({target.Expected.Size} bytes)", e);
            }
        }
    }

    private async Task<StoredBlob> FetchOnceAsync(
        FetchTarget target, bool inOrder, IIngestObserver observer, FetchSources sources, CancellationToken cancellationToken)
    {
        if (!inOrder && target.Expected.Size >= options.Value.ParallelThresholdBytes)
        {
            try
            {
                return await parallel.FetchAsync(target, observer, sources, cancellationToken);
            }
            catch (RangesNotSupportedException)
            {
                logger.LogInformation("{Repo} ignores ranged requests: fetching {Path} in one stream", target.Repo, target.Path);
                new PartFiles(store, target.ArtifactId).Delete();
            }
        }

        return await sequential.FetchAsync(target, observer, sources, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching {Repo}: {Path} afresh from {Sources}")]
    private static partial void LogRetrying(ILogger logger, string repo, string path, string sources);
}
