using ModelHub.Api.Registry;

namespace ModelHub.Api.Management.Export;

internal static class ExportApi
{
    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder routes)
    {
        // Tagged with the repositories: a repository's snapshot is exported at its own address.
        routes.MapGet($"/{RepoTypes.CollectionRoute}/{{org}}/{{name}}/export", ExportSnapshotEndpoint.HandleAsync)
            .WithTags("Repositories")
            .WithName("ExportSnapshot")
            .WithSummary("A synced revision's stored files as a tar in the Hugging Face cache layout, for an air gap.")
            .Produces(StatusCodes.Status200OK, contentType: SnapshotTar.ContentType);
        return routes;
    }
}
