using ModelHub.Api.Registry;

namespace ModelHub.Api.Management.Files;

internal static class FilesApi
{
    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder routes)
    {
        // Tagged with the repositories: a repository's files are read at its own address.
        routes.MapGet($"/{RepoTypes.CollectionRoute}/{{org}}/{{name}}/files", ListFilesEndpoint.HandleAsync)
            .WithTags("Repositories")
            .WithName("ListRepositoryFiles")
            .WithSummary("The files of a synced revision, as a flat paged list or one folder at a time.");
        return routes;
    }
}
