using ModelHub.Api.Security;

namespace ModelHub.Api.Management.Sync;

internal static class SyncApi
{
    public static IEndpointRouteBuilder MapSyncApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/sync", SyncRepositoryEndpoint.HandleAsync)
            .RequireAdminKey()
            .WithTags("Sync")
            .WithName("SyncRepository")
            .WithSummary("Starts a metadata sync of a repository (registering it first if needed); answers with the job.");
        return routes;
    }
}
