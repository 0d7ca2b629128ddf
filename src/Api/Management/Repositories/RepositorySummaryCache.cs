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

    public ValueTask<ArtifactSummary> GetAsync(ModelHubDbContext db, Guid repositoryId, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync(
            Key(repositoryId),
            (db, repositoryId),
            static async (state, ct) => await ArtifactSummaries.LoadAsync(state.db, state.repositoryId, ct),
            Entry,
            [Tag(repositoryId)],
            cancellationToken);

    /// <summary>Computes the summary again and puts it in place of the cached one (which readers keep finding meanwhile).</summary>
    public async Task RefreshAsync(ModelHubDbContext db, Guid repositoryId, CancellationToken cancellationToken) =>
        await cache.SetAsync(Key(repositoryId), await ArtifactSummaries.LoadAsync(db, repositoryId, cancellationToken), Entry, [Tag(repositoryId)], cancellationToken);

    public ValueTask ForgetAsync(Guid repositoryId, CancellationToken cancellationToken) => cache.RemoveByTagAsync(Tag(repositoryId), cancellationToken);

    private static string Key(Guid repositoryId) => $"repo-summary:{repositoryId:N}";

    private static string Tag(Guid repositoryId) => $"repo:{repositoryId:N}";
}
