using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Contracts.Jobs;
using ModelHub.Jobs.Records;
using ModelHub.Persistence;

namespace ModelHub.Api.Management.Jobs;

internal static class CancelJobEndpoint
{
    public static Task<Results<Accepted<JobResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, ModelHubDbContext db, IBusControl bus, CancellationToken cancellationToken) =>
        JobControl.RequestAsync(id, db, bus, job => !JobStateNames.IsFinished(job.CurrentState), new CancelJob(id, "requested through the API"),
            "Only a pending or running job can be cancelled.", cancellationToken);
}
