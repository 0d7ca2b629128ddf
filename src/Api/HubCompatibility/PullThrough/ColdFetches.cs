using Microsoft.Extensions.Options;
using ModelHub.Api.HubCompatibility.Repositories;
using ModelHub.Ingest;
using ModelHub.Storage;

namespace ModelHub.Api.HubCompatibility.PullThrough;

/// <summary>
/// The pull-through: fetches a file ModelHub lacks through the ingest pipeline, front to back, so that the requests
/// asking for it can follow the growing file. Requests in this process share one <see cref="ColdFetch"/>
/// per set of bytes; the pipeline's blob lock keeps other processes from fetching them at the same time.
/// A fetch outlives the request that started it (others may be reading it), so a client that leaves
/// cannot leave a bad blob.
/// </summary>
internal sealed class ColdFetches(
    IServiceScopeFactory scopes, IOptions<PullThroughOptions> options, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<ColdFetches> logger)
{
    private readonly Dictionary<string, ColdFetch> _fetches = new(StringComparer.Ordinal);

    /// <summary>The fetch of <paramref name="file"/>'s bytes under way, or a new one.</summary>
    public ColdFetch Fetch(HubCommit resolved, HubFile file, string? knownSha256)
    {
        var key = ContentKey.Of(knownSha256, file.GitBlobOid, file.Id);
        ColdFetch fetch;
        lock (_fetches)
        {
            // A fetch that has just failed is on its way out: a new request deserves a new try.
            if (_fetches.TryGetValue(key, out var running) && !running.Stored.IsFaulted)
            {
                return running;
            }

            fetch = new ColdFetch(key, file.Size, clock);
            _fetches[key] = fetch;
        }

        _ = Task.Run(() => RunAsync(fetch, resolved, file));
        return fetch;
    }

    private async Task RunAsync(ColdFetch fetch, HubCommit resolved, HubFile file)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var pipeline = scope.ServiceProvider.GetRequiredService<IngestPipeline>();
            var (downloaded, _) = await pipeline.IngestAsync(
                new IngestRequest(file.Id, options.Value.LockWait) { InOrder = true }, fetch, lifetime.ApplicationStopping);
            fetch.Succeed(new StoredBlob(downloaded.Sha256, downloaded.Size, downloaded.StoredPath, downloaded.Deduplicated));
        }
        catch (Exception e)
        {
            logger.LogWarning("Pull-through of {RepoId}@{Commit}: {Path} failed: {Reason}", resolved.Repository.RepoId, resolved.Commit, file.Path, e.Message);
            fetch.Fail(e);
        }
        finally
        {
            lock (_fetches)
            {
                if (_fetches.TryGetValue(fetch.Key, out var current) && current == fetch)
                {
                    _fetches.Remove(fetch.Key);
                }
            }
        }
    }
}
