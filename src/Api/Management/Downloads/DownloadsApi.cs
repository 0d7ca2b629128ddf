using ModelHub.Api.Security;

namespace ModelHub.Api.Management.Downloads;

internal static class DownloadsApi
{
    public static IEndpointRouteBuilder MapDownloadsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/download", DownloadArtifactsEndpoint.HandleAsync)
            .RequireAdminKey()
            .WithTags("Downloads")
            .WithName("DownloadArtifacts")
            .WithSummary("Starts one download job per artifact, after checking every one of them; nothing is queued if any is wrong.");
        return routes;
    }
}
