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
        where TPayload : notnull =>
        (await SubmitManyAsync(kind, [(payload, repositoryId, artifactId)], cancellationToken))[0];

    /// <summary>Several jobs in one transaction (all or none accepted), then announced one by one.</summary>
    public async Task<IReadOnlyList<JobState>> SubmitManyAsync(
        JobKind kind, IReadOnlyList<(object Payload, Guid? RepositoryId, Guid? ArtifactId)> jobs, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForDatabase();
        var rows = jobs.Select(j => JobState.NewPending(kind, JobPayloads.Serialize(j.Payload), j.RepositoryId, j.ArtifactId, now)).ToList();
        db.Jobs.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var job in rows)
        {
            if (!await announcer.TryAnnounceAsync(job, CancellationToken.None))
            {
                break; // the broker is away: the dispatcher announces the rest
            }
        }

        return rows;
    }
}
