using MassTransit;
using ModelHub.Contracts.Downloads;

namespace ModelHub.ScanService.CacheView;

/// <summary>Every file the store gains shows in the cache view: downloads arrive by the hundred a second, so they come in batches.</summary>
internal sealed class CacheViewFilesConsumer(CacheViewWriter writer) : IConsumer<Batch<ArtifactDownloaded>>
{
    public Task Consume(ConsumeContext<Batch<ArtifactDownloaded>> context) =>
        writer.AddAsync([.. context.Message.Select(m => new StoredFile(m.Message.ArtifactId, m.Message.Sha256)).Distinct()], context.CancellationToken);
}
