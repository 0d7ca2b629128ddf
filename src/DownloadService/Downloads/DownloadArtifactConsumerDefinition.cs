using MassTransit;
using ModelHub.Contracts.Downloads;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Kinds;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.DownloadService.Downloads;

/// <summary>
/// Bytes that break their promise, upstream verdicts and a missing artifact are final; a dropped
/// connection or a stalled body is retried, and the retry resumes where the partial file ends.
/// </summary>
internal sealed class DownloadArtifactConsumerDefinition()
    : JobConsumerDefinition<DownloadArtifactConsumer, DownloadArtifact>(JobKindRegistry.Download, 4, typeof(ContentMismatchException))
{
    // The client already retried what it could retry (429, 5xx, no connection): those answers are verdicts here.
    protected override void IgnoreVerdicts(IExceptionConfigurator retry) => retry.Ignore<HubException>(e => e.Error != HubError.Stalled);
}
