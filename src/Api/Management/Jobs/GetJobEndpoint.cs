using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Jobs.Progress;
using ModelHub.Jobs.Records;
using ModelHub.Persistence;

namespace ModelHub.Api.Management.Jobs;

internal static class GetJobEndpoint
{
    /// <summary>Where the job <paramref name="id"/> is followed: what an accepted request's <c>Location</c> says.</summary>
    public static string PathOf(Guid id) => $"{ManagementApi.Prefix}/jobs/{id}";

    public static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, ModelHubDbContext db, LiveProgress live, CancellationToken cancellationToken)
    {
        if (await db.FindAsync(id, cancellationToken) is not { } row)
        {
            return JobProblems.NotFound(id);
        }

        var response = row.ToResponse();
        // While a job runs, its worker's live figures (a few updates a second) beat the saga's.
        return row.Job.CurrentState == JobStateNames.Running && await live.ReadAsync(id) is { } figures
            ? TypedResults.Ok(response with { Progress = JobProgressResponse.Live(figures) })
            : TypedResults.Ok(response);
    }
}
