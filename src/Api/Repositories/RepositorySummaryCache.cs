using MassTransit;
using Microsoft.Extensions.Caching.Hybrid;
using ModelHub.Contracts.Downloads;
using ModelHub.Contracts.Scans;
using ModelHub.Contracts.Sync;
using ModelHub.Persistence;

namespace ModelHub.Api.Repositories;

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

/// <summary>Every Api instance hears of downloads, syncs and scans on a queue of its own, so each drops its own cached copy.</summary>
internal sealed class RepositoryChangedConsumer(RepositorySummaryCache cache)
    : IConsumer<ArtifactDownloaded>, IConsumer<RepositorySynced>, IConsumer<StorageScanned>
{
    public Task Consume(ConsumeContext<ArtifactDownloaded> context) => cache.ForgetAsync(context.Message.RepositoryId, context.CancellationToken).AsTask();

    public Task Consume(ConsumeContext<RepositorySynced> context) => cache.ForgetAsync(context.Message.RepositoryId, context.CancellationToken).AsTask();

    public async Task Consume(ConsumeContext<StorageScanned> context)
    {
        foreach (var repositoryId in context.Message.RepositoryIds)
        {
            await cache.ForgetAsync(repositoryId, context.CancellationToken);
        }
    }
}
