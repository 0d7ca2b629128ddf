using MassTransit;
using ModelHub.Contracts.Downloads;
using ModelHub.Contracts.Scans;
using ModelHub.Contracts.Sync;

namespace ModelHub.Api.Management.Repositories;

/// <summary>
/// Every Api instance hears of stored files, syncs and scans on a queue of its own, so each drops its own cached copy (a
/// sync's or a scan's at once; after stored files the summary is computed again within a second, a snapshot bringing
/// hundreds a second). Stored files are heard of as the pipeline records them together (<see cref="RepositoryFilesStored"/>),
/// not a file at a time (<see cref="ArtifactDownloaded"/>): a message a file would cost the broker and every Api instance as
/// much CPU as the file's download costs its worker.
/// </summary>
internal sealed class RepositoryChangedConsumer(RepositorySummaryCache cache, RepositorySummaryRefresher refresher)
    : IConsumer<RepositoryFilesStored>, IConsumer<RepositorySynced>, IConsumer<StorageScanned>
{
    public Task Consume(ConsumeContext<RepositoryFilesStored> context)
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
