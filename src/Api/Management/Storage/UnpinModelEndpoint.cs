using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Api.Management.Repositories;
using ModelHub.Persistence;

namespace ModelHub.Api.Management.Storage;

internal static class UnpinModelEndpoint
{
    public static Task<Results<Ok<RepositoryResponse>, ProblemHttpResult>> HandleAsync(
        string org, string name, ModelHubDbContext db, RepositorySummaryCache summaries, TimeProvider clock, CancellationToken cancellationToken) =>
        RepositoryPins.SetAsync($"{org}/{name}", false, db, summaries, clock, cancellationToken);
}
