using Microsoft.Extensions.Caching.Hybrid;
using ModelHub.Persistence;

namespace ModelHub.Api.Management.Repositories;

/// <summary>
/// A repository's file counts and sizes are a grouped query over its artifacts: cached (memory,
/// then Redis) for a short while, dropped as soon as a sync or a scan changes them, and computed again within a second
/// of a download (<see cref="RepositorySummaryRefresher"/>).
/// </summary>
internal sealed class RepositorySummaryCache(HybridCache cache)
{
    private static readonly HybridCacheEntryOptions Entry = new() { Expiration = TimeSpan.FromSeconds(30), LocalCacheExpiration = TimeSpan.FromSeconds(30) };

    private static readonly HybridCacheEntryOptions LookOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    public ValueTask<ArtifactSummary> GetAsync(ModelHubDbContext db, Guid repositoryId, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync(
            Key(repositoryId),
            (db, repositoryId),
            static async (state, ct) => await ArtifactSummaries.LoadAsync(state.db, state.repositoryId, ct),
            Entry,
            [Tag(repositoryId)],
            cancellationToken);

    /// <summary>
    /// The summaries of a page of repositories: those cached from the cache, the others in one grouped query (then cached),
    /// so a listing that shows a repository of 100,000 files does not count them on every request.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, ArtifactSummary>> GetManyAsync(
        ModelHubDbContext db, IReadOnlyList<Guid> repositoryIds, CancellationToken cancellationToken)
    {
        var summaries = new Dictionary<Guid, ArtifactSummary>();
        foreach (var repositoryId in repositoryIds)
        {
            // HybridCache has no "try get": a miss runs this factory, which writes nothing.
            if (await cache.GetOrCreateAsync<ArtifactSummary?>(Key(repositoryId), static _ => ValueTask.FromResult<ArtifactSummary?>(null), LookOnly,
                    cancellationToken: cancellationToken) is { } cached)
            {
                summaries[repositoryId] = cached;
            }
        }

        var missing = repositoryIds.Where(id => !summaries.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            var loaded = await ArtifactSummaries.LoadAsync(db, missing, cancellationToken);
            foreach (var repositoryId in missing)
            {
                var summary = loaded.GetValueOrDefault(repositoryId, ArtifactSummary.Empty);
                await cache.SetAsync(Key(repositoryId), summary, Entry, [Tag(repositoryId)], cancellationToken);
                summaries[repositoryId] = summary;
            }
        }

        return summaries;
    }

    /// <summary>Computes the summary again and puts it in place of the cached one (which readers keep finding meanwhile).</summary>
    public async Task RefreshAsync(ModelHubDbContext db, Guid repositoryId, CancellationToken cancellationToken) =>
        await cache.SetAsync(Key(repositoryId), await ArtifactSummaries.LoadAsync(db, repositoryId, cancellationToken), Entry, [Tag(repositoryId)], cancellationToken);

    public ValueTask ForgetAsync(Guid repositoryId, CancellationToken cancellationToken) => cache.RemoveByTagAsync(Tag(repositoryId), cancellationToken);

    private static string Key(Guid repositoryId) => $"repo-summary:{repositoryId:N}";

    private static string Tag(Guid repositoryId) => $"repo:{repositoryId:N}";
}
