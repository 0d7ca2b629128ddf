using MassTransit;
using ModelHub.Contracts.Downloads;
using ModelHub.Contracts.Scans;
using ModelHub.Contracts.Sync;

namespace ModelHub.Api.Management.Repositories;

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
