using ModelHub.Api.Security;

namespace ModelHub.Api.Management.Jobs;

internal static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapGet("/", ListJobsEndpoint.HandleAsync).WithName("ListJobs").WithSummary("Lists jobs, newest first.");
        jobs.MapGet("/stream", StreamJobsEndpoint.Handle)
            .WithName("StreamJobs")
            .WithSummary("Server-sent events: a job event each time a followed job's state or progress changes.");
        jobs.MapGet("/{id:guid}", GetJobEndpoint.HandleAsync).WithName("GetJob").WithSummary("One job.");
        jobs.MapPost("/{id:guid}/cancel", CancelJobEndpoint.HandleAsync).RequireAdminKey().WithName("CancelJob").WithSummary("Cancels a pending or running job.");
        jobs.MapPost("/{id:guid}/retry", RetryJobEndpoint.HandleAsync).RequireAdminKey().WithName("RetryJob").WithSummary("Runs a failed or cancelled job again.");
        return routes;
    }
}
