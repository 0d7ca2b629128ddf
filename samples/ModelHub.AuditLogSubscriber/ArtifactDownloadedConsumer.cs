using MassTransit;
using ModelHub.Contracts.Downloads;

namespace ModelHub.AuditLogSubscriber;

public sealed class ArtifactDownloadedConsumer(AuditLog auditLog, ILogger<ArtifactDownloadedConsumer> logger)
    : IConsumer<ArtifactDownloaded>
{
    /// <summary>Our own queue: every subscriber gets its own copy of each event.</summary>
    public const string QueueName = "audit-log-artifact-downloaded";

    public async Task Consume(ConsumeContext<ArtifactDownloaded> context)
    {
        if (!await auditLog.AppendAsync(context.MessageId, context.Message, context.CancellationToken))
        {
            logger.LogInformation("Message {MessageId} is already in the audit log: a redelivery, skipped", context.MessageId);
        }
    }
}
