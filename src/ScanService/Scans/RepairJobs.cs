using MassTransit;
using ModelHub.Contracts.Jobs;
using ModelHub.Persistence;
using ModelHub.Persistence.Conventions;
using ModelHub.Persistence.Jobs;

namespace ModelHub.ScanService.Scans;

/// <summary>
/// Download jobs that fetch a quarantined or missing blob again, submitted the way the Api submits
/// jobs: the Pending row first (the job table is the outbox), then <see cref="JobSubmitted"/>. A lost
/// announcement is made again by the Api's dispatcher.
/// </summary>
internal sealed class RepairJobs(ModelHubDbContext db, IPublishEndpoint publisher, TimeProvider clock)
{
    public async Task<int> SubmitAsync(IReadOnlyCollection<(Guid ArtifactId, Guid RepositoryId)> artifacts, CancellationToken cancellationToken)
    {
        if (artifacts.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNowForDatabase();
        var jobs = artifacts
            .Select(a => JobState.NewPending(JobKind.Download, JobPayloads.Serialize(new DownloadPayload(a.ArtifactId)), a.RepositoryId, a.ArtifactId, now))
            .ToList();
        db.Jobs.AddRange(jobs);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        foreach (var job in jobs)
        {
            await publisher.Publish(new JobSubmitted
            {
                JobId = job.CorrelationId,
                Kind = job.Kind.ToSnakeCase(),
                Payload = job.Payload,
                RepositoryId = job.ModelRepoId,
                ArtifactId = job.ModelArtifactId,
                SubmittedAt = job.CreatedAt,
            }, cancellationToken);
        }

        return jobs.Count;
    }
}
