using Microsoft.Extensions.Logging;
using ModelHub.Storage;
using ModelHub.Upstream;
using ModelHub.Upstream.Sources;

namespace ModelHub.Ingest.Fetching;

/// <summary>
/// A small file fetched whole in one stream straight into the store (verified, committed by an atomic rename), with no
/// part file to resume from: for a file of a few kilobytes its notes would cost more than a fetch from the start. A
/// try that breaks or stalls is made again, asking another upstream first; one that served wrong bytes is not asked
/// again while another is left.
/// </summary>
public sealed class WholeFileFetcher(IHubClient hub, BlobStore store, WrongSources wrongSources, ILogger<WholeFileFetcher> logger)
{
    /// <summary>Files under this size are fetched whole by the callers that take many small files (a sync, a snapshot's batch).</summary>
    public const long MaxBytes = 1024 * 1024;

    public async Task<StoredBlob> FetchAsync(FetchTarget target, int attempts, CancellationToken cancellationToken)
    {
        var expected = target.Expected;
        var refused = wrongSources.For(expected);
        var choice = SourceChoice.Without(refused);
        for (var attempt = 1; ; attempt++)
        {
            var source = "";
            try
            {
                await using var download = await hub.DownloadAsync(target.Repo, target.Commit, target.Path, 0, choice, cancellationToken);
                source = download.Source;
                expected.RefuseOversizeAnnouncement(download.Offset, download.ContentLength);
                return await store.StoreAsync(download.Content, expected, $"whole-{target.ArtifactId:N}", cancellationToken);
            }
            catch (Exception e) when (attempt < attempts && !StoreFullException.IsDiskFull(e)
                && e is ContentMismatchException or IOException or HttpRequestException or HubException { Error: HubError.Stalled })
            {
                logger.LogInformation("Fetching {Path} again (attempt {Attempt} failed: {Reason})", target.Path, attempt, e.Message);
                // The next attempt asks another upstream first; one that served wrong bytes, not at all while another is left.
                if (e is ContentMismatchException && source.Length > 0)
                {
                    wrongSources.Convict(expected, source, e.Message);
                    refused.Add(source);
                    choice = wrongSources.AnyLeft(refused) ? SourceChoice.Without(refused) : choice;
                }
                else if (source.Length > 0)
                {
                    choice = choice.Demote(source);
                }
            }
        }
    }
}
