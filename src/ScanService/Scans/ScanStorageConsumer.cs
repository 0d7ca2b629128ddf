using MassTransit;
using ModelHub.Contracts.Jobs;
using ModelHub.Contracts.Scans;
using ModelHub.Jobs.Consumers;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.ScanService.Scans;

/// <summary>Runs a scan job and tells everyone what it found; a failure is thrown, and the job saga turns its fault into a failed job.</summary>
internal sealed class ScanStorageConsumer(StorageScanner scanner) : IConsumer<ScanStorage>
{
    public async Task Consume(ConsumeContext<ScanStorage> context)
    {
        var (jobId, attempt) = (context.Message.JobId, context.Message.Attempt);
        await context.Publish(new JobStarted(jobId, attempt));

        var scanned = await scanner.RunAsync(context.Message, context.CancellationToken);

        await context.Publish(scanned);
        await context.Publish(new JobCompleted(jobId, attempt) { Summary = scanned.Summary });
    }
}

/// <summary>One scan at a time per instance: scans are disk-bound, and two of them would only slow each other down.</summary>
internal sealed class ScanStorageConsumerDefinition() : JobConsumerDefinition<ScanStorageConsumer>(QueueNames.ScanStorage, 1);
