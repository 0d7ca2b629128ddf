using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Jobs;
using ModelHub.Jobs.Records;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Jobs.Submission;

internal sealed class JobAnnouncer(IBusControl bus, IOptions<JobsOptions> options, ILogger<JobAnnouncer> logger) : IJobAnnouncer
{
    public async Task<bool> TryAnnounceAsync(JobState job, CancellationToken cancellationToken)
    {
        // A bus that is not connected would hold the publish until it reconnects: don't make the caller wait.
        if (bus.CheckHealth().Status != BusHealthStatus.Healthy)
        {
            logger.LogWarning("The broker is not available: job {JobId} stays Pending until the dispatcher announces it", job.CorrelationId);
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        try
        {
            await bus.Publish(Submitted(job), timeout.Token);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not announce job {JobId}; the dispatcher will try again", job.CorrelationId);
            return false;
        }
    }

    private static JobSubmitted Submitted(JobState job) => new()
    {
        JobId = job.CorrelationId,
        Kind = job.Kind.ToSnakeCase(),
        Payload = job.Payload,
        RepositoryId = job.RepositoryId,
        ArtifactId = job.ModelArtifactId,
        SubmittedAt = job.CreatedAt,
    };
}
