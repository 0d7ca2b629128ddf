using Microsoft.EntityFrameworkCore;
using ModelHub.Jobs.Records;
using ModelHub.Persistence;

namespace ModelHub.Api.Management.Jobs;

internal static class JobQueries
{
    /// <summary>Jobs with the id of the repository they concern, which the API shows beside them.</summary>
    public static IQueryable<JobRow> WithRepoIds(this ModelHubDbContext db, IQueryable<JobState> jobs) =>
        from job in jobs
        join repo in db.Repositories on job.RepositoryId equals repo.Id into repos
        from repo in repos.DefaultIfEmpty()
        select new JobRow(job, repo == null ? null : repo.RepoType, repo == null ? null : repo.RepoId);

    public static Task<JobRow?> FindAsync(this ModelHubDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.WithRepoIds(db.Jobs.AsNoTracking().Where(j => j.CorrelationId == id)).SingleOrDefaultAsync(cancellationToken);
}
