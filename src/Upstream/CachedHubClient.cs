using System.Runtime.CompilerServices;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using ModelHub.Upstream.Sources;

namespace ModelHub.Upstream;

/// <summary>
/// <see cref="IHubClient"/> with upstream metadata in <see cref="HybridCache"/> (memory, and Redis
/// when an <c>IDistributedCache</c> is registered). Repository info by revision lives
/// <see cref="HubClientOptions.MetadataCacheSeconds"/>; what a commit pins never changes and lives
/// <see cref="HubClientOptions.CommitCacheSeconds"/>. Failures are never cached.
/// </summary>
internal sealed class CachedHubClient(FailoverHubClient inner, UpstreamSet upstreams, HybridCache cache, IOptions<HubClientOptions> options) : IHubClient
{
    private static readonly HybridCacheEntryOptions _readOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite
            | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    private readonly HubClientOptions _options = options.Value;

    public async Task<HubRepoInfo> GetRepoInfoAsync(HubRepo repo, string revision, CancellationToken cancellationToken)
    {
        var lifetime = Lifetime(revision);
        if (lifetime == TimeSpan.Zero)
        {
            return await inner.GetRepoInfoAsync(repo, revision, cancellationToken);
        }

        return await cache.GetOrCreateAsync(
            HubCacheKeys.RepoInfo(upstreams.CacheScope, repo, revision),
            (inner, repo, revision),
            static (state, token) => new ValueTask<HubRepoInfo>(state.inner.GetRepoInfoAsync(state.repo, state.revision, token)),
            Entry(lifetime),
            [HubCacheKeys.Repo(upstreams.CacheScope, repo)],
            cancellationToken);
    }

    /// <summary>
    /// A cached tree is replayed; otherwise pages stream from the Hub as they come and the listing is
    /// stored once complete, unless it is larger than <see cref="HubClientOptions.TreeCacheMaxEntries"/>.
    /// </summary>
    public async IAsyncEnumerable<HubTreeEntry> ListTreeAsync(
        HubRepo repo, string commit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lifetime = _options.TreeCacheMaxEntries > 0 ? Lifetime(commit) : TimeSpan.Zero;
        var key = HubCacheKeys.Tree(upstreams.CacheScope, repo, commit);
        var cached = lifetime == TimeSpan.Zero ? null : await cache.GetOrCreateAsync(
            key, static _ => ValueTask.FromResult<CachedTree?>(null), _readOnly, cancellationToken: cancellationToken);
        if (cached is not null)
        {
            foreach (var entry in cached.Entries)
            {
                yield return entry;
            }

            yield break;
        }

        List<HubTreeEntry>? collected = lifetime == TimeSpan.Zero ? null : [];
        await foreach (var entry in inner.ListTreeAsync(repo, commit, cancellationToken))
        {
            collected?.Add(entry);
            if (collected?.Count > _options.TreeCacheMaxEntries)
            {
                collected = null;
            }

            yield return entry;
        }

        if (collected is not null)
        {
            await cache.SetAsync(key, new CachedTree(collected), Entry(lifetime), [HubCacheKeys.Repo(upstreams.CacheScope, repo)], cancellationToken);
        }
    }

    /// <summary>Not cached: asked for one file a client wants now, while its commit is not recorded yet.</summary>
    public Task<IReadOnlyList<HubTreeEntry>> GetPathsInfoAsync(HubRepo repo, string commit, IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        inner.GetPathsInfoAsync(repo, commit, paths, cancellationToken);

    public Task<HubFileDownload> DownloadAsync(
        HubRepo repo, string commit, string path, long offset, SourceChoice sources, CancellationToken cancellationToken) =>
        inner.DownloadAsync(repo, commit, path, offset, sources, cancellationToken);

    public Task<HubFileDownload> DownloadRangeAsync(
        HubRepo repo, string commit, string path, long offset, long length, SourceChoice sources, CancellationToken cancellationToken) =>
        inner.DownloadRangeAsync(repo, commit, path, offset, length, sources, cancellationToken);

    private TimeSpan Lifetime(string revision) =>
        TimeSpan.FromSeconds(_options.MetadataCacheSeconds == 0 ? 0
            : HubCacheKeys.IsCommit(revision) ? _options.CommitCacheSeconds : _options.MetadataCacheSeconds);

    private static HybridCacheEntryOptions Entry(TimeSpan lifetime) => new() { Expiration = lifetime, LocalCacheExpiration = lifetime };
}
