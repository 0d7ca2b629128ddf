using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Api.Security;
using ModelHub.Contracts.Jobs;
using ModelHub.Jobs.Progress;
using ModelHub.Jobs.Records;
using ModelHub.Persistence;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Api.Jobs;

internal static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapGroup("/v1/hub/jobs").WithTags("Jobs");
        jobs.MapGet("/", ListJobsEndpoint.HandleAsync).WithName("ListJobs").WithSummary("Lists jobs, newest first.");
        jobs.MapGet("/stream", JobStreamEndpoint.Handle)
            .WithName("StreamJobs")
            .WithSummary("Server-sent events: a job event each time a followed job's state or progress changes.");
        jobs.MapGet("/{id:guid}", GetAsync).WithName("GetJob").WithSummary("One job.");
        jobs.MapPost("/{id:guid}/cancel", CancelAsync).RequireAdminKey().WithName("CancelJob").WithSummary("Cancels a pending or running job.");
        jobs.MapPost("/{id:guid}/retry", RetryAsync).RequireAdminKey().WithName("RetryJob").WithSummary("Runs a failed or cancelled job again.");
        return routes;
    }

    public static string LocationOf(Guid id) => $"/v1/hub/jobs/{id}";

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ModelHubDbContext db, LiveProgress live, CancellationToken cancellationToken)
    {
        if (await db.FindAsync(id, cancellationToken) is not { } row)
        {
            return NotFound(id);
        }

        var response = row.ToResponse();
        // While a job runs, its worker's live figures (a few updates a second) beat the saga's.
        return row.Job.CurrentState == JobStateNames.Running && await live.ReadAsync(id) is { } figures
            ? TypedResults.Ok(response with { Progress = JobProgressResponse.Live(figures) })
            : TypedResults.Ok(response);
    }

    private static Task<Results<Accepted<JobResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, ModelHubDbContext db, IBusControl bus, CancellationToken cancellationToken) =>
        SendToSagaAsync(id, db, bus, job => !JobStateNames.IsFinished(job.CurrentState), new CancelJob(id, "requested through the API"),
            "Only a pending or running job can be cancelled.", cancellationToken);

    private static Task<Results<Accepted<JobResponse>, ProblemHttpResult>> RetryAsync(
        Guid id, ModelHubDbContext db, IBusControl bus, CancellationToken cancellationToken) =>
        SendToSagaAsync(id, db, bus, job => job.CurrentState is JobStateNames.Failed or JobStateNames.Cancelled, new RetryJob(id),
            "Only a failed or cancelled job can be retried.", cancellationToken);

    private static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> SendToSagaAsync<TCommand>(
        Guid id, ModelHubDbContext db, IBusControl bus, Func<JobState, bool> allowed, TCommand command, string rule,
        CancellationToken cancellationToken)
        where TCommand : class
    {
        if (await db.FindAsync(id, cancellationToken) is not { } row)
        {
            return NotFound(id);
        }

        if (!allowed(row.Job))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The job is not in a state that allows this.",
                detail: $"Job {id} is {row.ToResponse().State}. {rule}");
        }

        if (bus.CheckHealth().Status != BusHealthStatus.Healthy)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The message broker is not available.",
                detail: "Nothing was changed. Try again in a moment.");
        }

        var saga = await bus.GetSendEndpoint(QueueNames.Address(QueueNames.JobLifecycle));
        await saga.Send(command, cancellationToken);
        return TypedResults.Accepted(LocationOf(id), row.ToResponse());
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Job not found.",
            detail: $"No job has the id {id}.");
}
