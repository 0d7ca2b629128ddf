using Microsoft.Extensions.Caching.Hybrid;
using ModelHub.Persistence;

namespace ModelHub.Api.Management.Repositories;

/// <summary>
/// A repository's file counts and sizes are a grouped query over its artifacts: cached (memory,
/// then Redis) for a short while, and dropped as soon as a sync or a download changes them.
/// </summary>
internal sealed class RepositorySummaryCache(HybridCache cache)
{
    private static readonly HybridCacheEntryOptions Entry = new() { Expiration = TimeSpan.FromSeconds(30), LocalCacheExpiration = TimeSpan.FromSeconds(30) };

    public ValueTask<ArtifactSummary> GetAsync(ModelHubDbContext db, Guid repositoryId, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync(
            $"repo-summary:{repositoryId:N}",
            (db, repositoryId),
            static async (state, ct) => await ArtifactSummaries.LoadAsync(state.db, state.repositoryId, ct),
            Entry,
            [Tag(repositoryId)],
            cancellationToken);

    public ValueTask ForgetAsync(Guid repositoryId, CancellationToken cancellationToken) => cache.RemoveByTagAsync(Tag(repositoryId), cancellationToken);

    private static string Tag(Guid repositoryId) => $"repo:{repositoryId:N}";
}
