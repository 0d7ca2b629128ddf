using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Storage;

namespace ModelHub.Ingest.Fetching;

/// <summary>
/// Fetches a file into the store, verified: large files over several connections in ranges (unless the
/// caller needs the file written in order), others in one resumable stream. A partial file is kept for the
/// next attempt unless its bytes can no longer be trusted (wrong bytes, a changed upstream file).
/// </summary>
public sealed class ArtifactFetcher(
    BlobStore store, SequentialFetcher sequential, ParallelFetcher parallel, IOptions<IngestOptions> options, ILogger<ArtifactFetcher> logger)
{
    public async Task<StoredBlob> FetchAsync(FetchTarget target, bool inOrder, IIngestObserver observer, CancellationToken cancellationToken)
    {
        try
        {
            if (!inOrder && target.Expected.Size >= options.Value.ParallelThresholdBytes)
            {
                try
                {
                    return await parallel.FetchAsync(target, observer, cancellationToken);
                }
                catch (RangesNotSupportedException)
                {
                    logger.LogInformation("{Repo} ignores ranged requests: fetching {Path} in one stream", target.Repo, target.Path);
                    new PartFiles(store, target.ArtifactId).Delete();
                }
            }

            return await sequential.FetchAsync(target, observer, cancellationToken);
        }
        catch (Exception e) when (e is UpstreamChangedException or ContentMismatchException)
        {
            new PartFiles(store, target.ArtifactId).Delete();
            throw;
        }
    }
}
