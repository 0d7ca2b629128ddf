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
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Sends the attempt's command now, past the saga endpoint's in-memory outbox, so before the saga's
    /// transaction commits. Held back until after the commit, the command was lost whenever the broker died
    /// in between, while the job already said it had been sent (tests/faults/broker-db-restart.sh left jobs
    /// Pending for ever that way); sent first, the worst case is a second command, which services take as
    /// a repeat. False when the broker did not take it: the job stays undispatched, and the Api's dispatcher
    /// announces it again.
    /// </summary>
    public static async Task<bool> TrySendNowAsync(BehaviorContext<JobState> context)
    {
        // The bus itself, not the consume context: what is sent through the context waits in the outbox.
        var bus = context.GetPayload<IServiceProvider>().GetRequiredService<IBus>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(SendTimeout);
        try
        {
            await SendAsync(bus, context.Saga, timeout.Token);
            return true;
        }
        catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
        {
            LogContext.Warning?.Log(e, "The command of job {JobId} was not sent; the dispatcher announces the job again", context.Saga.CorrelationId);
            return false;
        }
    }

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
