using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Contracts.Jobs;
using ModelHub.Jobs.Records;
using ModelHub.Persistence;

namespace ModelHub.Api.Management.Jobs;

internal static class RetryJobEndpoint
{
    public static Task<Results<Accepted<JobResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, ModelHubDbContext db, IBusControl bus, CancellationToken cancellationToken) =>
        JobControl.RequestAsync(id, db, bus, job => job.CurrentState is JobStateNames.Failed or JobStateNames.Cancelled, new RetryJob(id),
            "Only a failed or cancelled job can be retried.", cancellationToken);
}
