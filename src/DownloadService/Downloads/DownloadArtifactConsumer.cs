using MassTransit;
using ModelHub.Contracts.Downloads;
using ModelHub.Contracts.Jobs;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.DownloadService.Downloads;

/// <summary>
/// Takes download jobs. Downloading into the store comes with the artifact download issue;
/// until then the job says so plainly instead of pretending to succeed.
/// </summary>
public sealed class DownloadArtifactConsumer : IConsumer<DownloadArtifact>
{
    public async Task Consume(ConsumeContext<DownloadArtifact> context)
    {
        await context.Publish(new JobStarted(context.Message.JobId, context.Message.Attempt));
        throw new NotSupportedException("Artifact download is not available in this version of ModelHub.");
    }
}

public sealed class DownloadArtifactConsumerDefinition() : JobConsumerDefinition<DownloadArtifactConsumer>(QueueNames.DownloadArtifact, 8);
