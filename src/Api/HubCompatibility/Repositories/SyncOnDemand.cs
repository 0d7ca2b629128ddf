using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.PullThrough;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.Submission;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.HubCompatibility.Repositories;

/// <summary>
/// Syncs a revision a client asked for and waits, at most <see cref="PullThroughOptions.SyncWait"/>,
/// for the job to finish (or for what the request needs of it). A sync of the same revision already under way is
/// joined, not repeated.
/// </summary>
internal sealed class SyncOnDemand(ModelHubDbContext db, JobSubmitter jobs, IOptions<PullThroughOptions> options)
{
    private static readonly TimeSpan _pollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The sync of the revision under way, or a new one: the job's id.</summary>
    public async Task<Guid> StartAsync(ModelRepository repo, string revision, CancellationToken cancellationToken) =>
        await RunningSyncAsync(repo, revision, cancellationToken)
            ?? (await jobs.SubmitAsync(JobKind.Sync, new SyncPayload(repo.RepoId, revision, repo.RepoType.ToSnakeCase()), repo.Id, null, cancellationToken)).CorrelationId;

    /// <param name="enough">Checked between looks at the job: true ends the wait early, the sync going on without it.</param>
    /// <returns>Null when the job completed (or had done enough), else the error the client gets.</returns>
    public async Task<HubApiError?> SyncAndWaitAsync(
        ModelRepository repo, string revision, CancellationToken cancellationToken, Func<CancellationToken, Task<bool>>? enough = null)
    {
        var jobId = await StartAsync(repo, revision, cancellationToken);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < options.Value.SyncWait)
        {
            var job = await db.Jobs.AsNoTracking().SingleAsync(j => j.CorrelationId == jobId, cancellationToken);
            switch (job.CurrentState)
            {
                case JobStateNames.Completed:
                    return null;
                case JobStateNames.Failed or JobStateNames.Cancelled:
                    return FromFailedSync(repo.RepoId, revision, job.Error);
            }

            if (enough is not null && await enough(cancellationToken))
            {
                return null;
            }

            await Task.Delay(_pollInterval, cancellationToken);
        }

        return HubApiError.Unavailable(
            $"{repo.RepoId}@{revision} is being synced by ModelHub (job {jobId}) and the sync did not finish within {options.Value.SyncWait}; try again shortly.");
    }

    private async Task<Guid?> RunningSyncAsync(ModelRepository repo, string revision, CancellationToken cancellationToken)
    {
        var active = await db.Jobs.AsNoTracking()
            .Where(j => j.RepositoryId == repo.Id && j.Kind == JobKind.Sync
                && (j.CurrentState == JobStateNames.Pending || j.CurrentState == JobStateNames.Running))
            .Select(j => new { j.CorrelationId, j.Payload })
            .ToListAsync(cancellationToken);
        return active.FirstOrDefault(j => JobPayloads.Deserialize<SyncPayload>(j.Payload).Revision == revision)?.CorrelationId;
    }

    private static HubApiError FromFailedSync(string repoId, string revision, string? error)
    {
        var reason = error ?? "the sync failed";
        if (reason.StartsWith("repository not found upstream", StringComparison.Ordinal))
        {
            return HubApiError.RepoNotFound(repoId);
        }

        if (reason.StartsWith("revision not found", StringComparison.Ordinal))
        {
            return HubApiError.RevisionNotFound(repoId, revision);
        }

        var message = $"{repoId}@{revision} is not synced in ModelHub and its sync failed: {reason}";
        return reason.Contains("unreachable", StringComparison.Ordinal) || reason.Contains("timed out", StringComparison.Ordinal)
            ? HubApiError.Unavailable(message)
            : HubApiError.BadGateway(message);
    }
}
