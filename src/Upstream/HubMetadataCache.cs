using Microsoft.Extensions.Caching.Hybrid;
using ModelHub.Upstream.Sources;

namespace ModelHub.Upstream;

/// <summary>The cached upstream metadata of a repository, for callers that must see the Hub as it is now.</summary>
public sealed class HubMetadataCache(HybridCache cache, UpstreamSet upstreams)
{
    /// <summary>
    /// Forgets what is cached about <paramref name="repo"/> (its info at every revision, and its
    /// trees), here and in Redis, so the next call asks the Hub: e.g. before a sync a person asked for.
    /// </summary>
    public ValueTask ForgetAsync(HubRepo repo, CancellationToken cancellationToken) =>
        cache.RemoveByTagAsync(HubCacheKeys.Repo(upstreams.CacheScope, repo), cancellationToken);
}
