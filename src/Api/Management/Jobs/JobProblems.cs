using Microsoft.AspNetCore.Http.HttpResults;

namespace ModelHub.Api.Management.Jobs;

internal static class JobProblems
{
    public static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Job not found.",
            detail: $"No job has the id {id}.");
}
