using MassTransit;
using ModelHub.Contracts.Sync;

namespace ModelHub.ScanService.CacheView;

/// <summary>
/// A sync stored a commit's small files (with no <c>ArtifactDownloaded</c> each: thousands in a sync) and resolved a revision:
/// the commit's stored files show in the cache view, and a moved branch moves its ref.
/// </summary>
internal sealed class CacheViewSyncedConsumer(CacheViewWriter writer) : IConsumer<RepositorySynced>
{
    public Task Consume(ConsumeContext<RepositorySynced> context) =>
        writer.AddCommitAsync(context.Message.RepositoryId, context.Message.Commit, context.CancellationToken);
}
