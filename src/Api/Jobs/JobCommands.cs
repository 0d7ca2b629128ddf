using MassTransit;
using ModelHub.Contracts.Downloads;
using ModelHub.Contracts.Scans;
using ModelHub.Contracts.Sync;
using ModelHub.Persistence.Jobs;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Api.Jobs;

/// <summary>The command that runs an attempt of a job, and the queue of the service that takes it.</summary>
internal static class JobCommands
{
    public static Task SendAsync(ISendEndpointProvider endpoints, JobState job, CancellationToken cancellationToken) => job.Kind switch
    {
        JobKind.Sync => SendAsync(endpoints, QueueNames.SyncRepository, Sync(job), cancellationToken),
        JobKind.Download => SendAsync(endpoints, QueueNames.DownloadArtifact, Download(job), cancellationToken),
        JobKind.Scan => SendAsync(endpoints, QueueNames.ScanStorage, Scan(job), cancellationToken),
        _ => throw new InvalidOperationException($"No service runs {job.Kind} jobs."),
    };

    // Typed on purpose: Send(object, Type) would treat the command as a bag of initial values.
    private static async Task SendAsync<T>(ISendEndpointProvider endpoints, string queue, T command, CancellationToken cancellationToken)
        where T : class
    {
        var endpoint = await endpoints.GetSendEndpoint(QueueNames.Address(queue));
        await endpoint.Send(command, cancellationToken);
    }

    private static SyncRepository Sync(JobState job)
    {
        var payload = JobPayloads.Deserialize<SyncPayload>(job.Payload);
        return new SyncRepository(job.CorrelationId, payload.RepoId, payload.Revision) { Attempt = job.Attempts };
    }

    private static DownloadArtifact Download(JobState job)
    {
        var payload = JobPayloads.Deserialize<DownloadPayload>(job.Payload);
        return new DownloadArtifact(job.CorrelationId, payload.ArtifactId) { Attempt = job.Attempts };
    }

    private static ScanStorage Scan(JobState job)
    {
        var payload = JobPayloads.Deserialize<ScanPayload>(job.Payload);
        return new ScanStorage(job.CorrelationId, payload.Mode) { Attempt = job.Attempts, Options = job.Payload };
    }
}
