using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Api.Management.Repositories;
using ModelHub.Api.Registry;
using ModelHub.Persistence;

namespace ModelHub.Api.Management.Storage;

internal static class PinRepositoryEndpoint
{
    public static Task<Results<Ok<RepositoryResponse>, ProblemHttpResult>> HandleAsync(
        string collection, string org, string name, ModelHubDbContext db, RepositorySummaryCache summaries, TimeProvider clock, CancellationToken cancellationToken) =>
        RepositoryPins.SetAsync(RepoTypes.FromCollection(collection), $"{org}/{name}", true, db, summaries, clock, cancellationToken);
}
