using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Api;

/// <summary>Routes <c>/api/models/…</c> from the raw path, where a revision may be encoded or raw (contract §7).</summary>
internal static class HubApi
{
    public static IEndpointRouteBuilder MapHubApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/api/models/{**rest}", [HttpMethods.Get, HttpMethods.Post], DispatchAsync);
        return endpoints;
    }

    private static Task DispatchAsync(HttpContext context, RepoCatalog catalog)
    {
        // api / models / org / name [/ revision|tree|paths-info / rev… [/ path…]]
        var segments = RawPath.Segments(context);
        if (segments.Length < 4)
        {
            return NotFoundAsync(context);
        }

        var repoId = $"{segments[2]}/{segments[3]}";
        var isGet = HttpMethods.IsGet(context.Request.Method);
        if (segments.Length == 4 || (segments.Length == 5 && segments[4].Length == 0))
        {
            return isGet ? ModelInfoEndpoint.HandleAsync(context, catalog, repoId, "main") : NotFoundAsync(context);
        }

        if (segments.Length < 6)
        {
            return NotFoundAsync(context);
        }

        var (revision, next) = RawPath.TakeRevision(segments, 5);
        return (segments[4], isGet) switch
        {
            ("revision", true) when next == segments.Length => ModelInfoEndpoint.HandleAsync(context, catalog, repoId, revision),
            ("tree", true) => TreeEndpoint.HandleAsync(context, catalog, repoId, revision, RawPath.JoinFrom(segments, next)),
            ("paths-info", false) when next == segments.Length => PathsInfoEndpoint.HandleAsync(context, catalog, repoId, revision),
            _ => NotFoundAsync(context),
        };
    }

    private static Task NotFoundAsync(HttpContext context)
    {
        RepoAccess.Tag(context, null, "unknown");
        return HubErrors.WriteAsync(context, new HubErrorReply(StatusCodes.Status404NotFound, null, "Sorry, we can't find the page you are looking for."));
    }
}
