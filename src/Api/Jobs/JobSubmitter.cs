using MassTransit;
using ModelHub.Persistence;
using ModelHub.Persistence.Conventions;
using ModelHub.Persistence.Jobs;

namespace ModelHub.Api.Jobs;

/// <summary>
/// Accepts a job: the row is committed first (the job table is the outbox), then announced.
/// If the announcement is lost — broker down, process killed in between — the job is still
/// Pending and undispatched, and <see cref="PendingJobDispatcher"/> announces it again.
/// </summary>
internal sealed class JobSubmitter(ModelHubDbContext db, IJobAnnouncer announcer, TimeProvider clock)
{
    public async Task<JobState> SubmitAsync<TPayload>(
        JobKind kind, TPayload payload, Guid? repositoryId, Guid? artifactId, CancellationToken cancellationToken)
    {
        var job = new JobState
        {
            CorrelationId = NewId.NextGuid(),
            CurrentState = JobStateNames.Pending,
            Kind = kind,
            Payload = JobPayloads.Serialize(payload),
            ModelRepoId = repositoryId,
            ModelArtifactId = artifactId,
            CreatedAt = clock.GetUtcNowForDatabase(),
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);

        await announcer.TryAnnounceAsync(job, CancellationToken.None);
        return job;
    }
}
