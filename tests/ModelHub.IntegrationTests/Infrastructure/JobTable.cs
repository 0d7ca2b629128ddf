using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence;
using ModelHub.Jobs.Records;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>The job rows of a fixture's database, for waits over many jobs at once.</summary>
public static class JobTable
{
    /// <summary>Every job of the database (of <paramref name="kind"/>, when given), once <paramref name="done"/> holds of them.</summary>
    public static Task<List<JobState>> WaitForJobsAsync(
        this ApiFactory api, Func<List<JobState>, bool> done, string expected, int seconds = 60, JobKind? kind = null) =>
        JobRows.WaitForJobsAsync(
            () => api.WithDbAsync(db => Jobs(db, kind).ToListAsync()), done, TimeSpan.FromSeconds(seconds), expected);

    /// <summary>Waits until the database holds <paramref name="expected"/> jobs, all in <paramref name="state"/>.</summary>
    public static Task<List<JobState>> WaitForAllJobsAsync(this ApiFactory api, string state, int expected, int seconds) =>
        api.WaitForJobsAsync(jobs => jobs.Count == expected && jobs.All(j => j.CurrentState == state), $"{expected} jobs, all {state}", seconds);

    private static IQueryable<JobState> Jobs(ModelHubDbContext db, JobKind? kind) =>
        kind is { } only ? db.Jobs.AsNoTracking().Where(j => j.Kind == only) : db.Jobs.AsNoTracking();
}
