using ModelHub.Api.Registry;
using ModelHub.Api.Security;

namespace ModelHub.Api.Management.Repositories;

internal static class RepositoriesApi
{
    public static IEndpointRouteBuilder MapRepositoriesApi(this IEndpointRouteBuilder routes)
    {
        var repositories = routes.MapGroup("").WithTags("Repositories");
        repositories.MapPost("/register", RegisterRepositoryEndpoint.HandleAsync)
            .RequireAdminKey()
            .WithName("RegisterRepository")
            .WithSummary("Registers a Hugging Face repository for mirroring (idempotent).");
        repositories.MapGet($"/{RepoTypes.CollectionRoute}", ListRepositoriesEndpoint.HandleAsync)
            .WithName("ListRepositories")
            .WithSummary("Lists the registered models (/models) or datasets (/datasets), a page at a time.");
        repositories.MapGet($"/{RepoTypes.CollectionRoute}/{{org}}/{{name}}", GetRepositoryEndpoint.HandleAsync)
            .WithName("GetRepository")
            .WithSummary("One registered model or dataset with its file counts and sizes.");
        repositories.MapPut($"/{RepoTypes.CollectionRoute}/{{org}}/{{name}}/access", SetAccessEndpoint.HandleAsync)
            .RequireAdminKey()
            .WithName("SetRepositoryAccess")
            .WithSummary("Sets who may read a repository's files (public, gated, private), or hands it back to the upstream's answer (unknown).");
        return routes;
    }
}
