using MassTransit;
using ModelHub.Contracts.Jobs;
using ModelHub.Contracts.Scans;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.ScanService.Scans;

/// <summary>
/// Takes scan jobs. The scans themselves come with the ScanService issue; until then the job
/// says so plainly instead of pretending to succeed.
/// </summary>
public sealed class ScanStorageConsumer : IConsumer<ScanStorage>
{
    public async Task Consume(ConsumeContext<ScanStorage> context)
    {
        await context.Publish(new JobStarted(context.Message.JobId, context.Message.Attempt));
        throw new NotSupportedException($"Storage scans ('{context.Message.Mode}') are not available in this version of ModelHub.");
    }
}

public sealed class ScanStorageConsumerDefinition() : JobConsumerDefinition<ScanStorageConsumer>(QueueNames.ScanStorage, 1);
