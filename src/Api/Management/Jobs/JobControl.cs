using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Jobs.Records;
using ModelHub.Persistence;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Api.Management.Jobs;

/// <summary>A change of a job (cancel, retry) is a command to the saga, which owns the job's state.</summary>
internal static class JobControl
{
    /// <summary>
    /// Sends <paramref name="command"/> when the job exists and <paramref name="allowed"/> says its state permits it,
    /// and only while the broker is reachable, so that an accepted change is one the saga will hear of.
    /// </summary>
    public static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> RequestAsync<TCommand>(
        Guid id, ModelHubDbContext db, IBusControl bus, Func<JobState, bool> allowed, TCommand command, string rule,
        CancellationToken cancellationToken)
        where TCommand : class
    {
        if (await db.FindAsync(id, cancellationToken) is not { } row)
        {
            return JobProblems.NotFound(id);
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
        return TypedResults.Accepted(GetJobEndpoint.PathOf(id), row.ToResponse());
    }
}
