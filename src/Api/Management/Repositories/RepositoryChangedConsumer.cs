using MassTransit;
using ModelHub.Contracts.Downloads;
using ModelHub.Contracts.Scans;
using ModelHub.Contracts.Sync;

namespace ModelHub.Api.Management.Repositories;

/// <summary>
/// Every Api instance hears of downloads, syncs and scans on a queue of its own, so each drops its own cached copy (a sync's
/// or a scan's at once; a download's summaries are computed again within a second, a snapshot bringing hundreds a second).
/// </summary>
internal sealed class RepositoryChangedConsumer(RepositorySummaryCache cache, RepositorySummaryRefresher refresher)
    : IConsumer<ArtifactDownloaded>, IConsumer<RepositorySynced>, IConsumer<StorageScanned>
{
    public Task Consume(ConsumeContext<ArtifactDownloaded> context)
    {
        refresher.MarkChanged(context.Message.RepositoryId);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<RepositorySynced> context) => cache.ForgetAsync(context.Message.RepositoryId, context.CancellationToken).AsTask();

    public async Task Consume(ConsumeContext<StorageScanned> context)
    {
        foreach (var repositoryId in context.Message.RepositoryIds)
        {
            await cache.ForgetAsync(repositoryId, context.CancellationToken);
        }
    }
}
