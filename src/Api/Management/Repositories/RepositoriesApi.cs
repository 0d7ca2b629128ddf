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
        repositories.MapGet("/models", ListModelsEndpoint.HandleAsync)
            .WithName("ListModels")
            .WithSummary("Lists registered repositories, a page at a time.");
        repositories.MapGet("/models/{org}/{name}", GetModelEndpoint.HandleAsync)
            .WithName("GetModel")
            .WithSummary("One registered repository with its file counts and sizes.");
        return routes;
    }
}
