using Microsoft.EntityFrameworkCore;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Jobs.Submission;

/// <summary>
/// Accepts jobs, the one way every process does: the rows are committed first (the job table is the
/// outbox), then announced. If the announcement is lost (broker down, process killed in between) the job
/// is still Pending and undispatched, and <see cref="PendingJobDispatcher"/> announces it again.
/// </summary>
public sealed class JobSubmitter(DbContext db, IJobAnnouncer announcer, TimeProvider clock)
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
        db.Set<JobState>().AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);

        // From now on the saga owns the rows: the caller's unit of work keeps no stale copy of them.
        foreach (var row in rows)
        {
            db.Entry(row).State = EntityState.Detached;
        }

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
