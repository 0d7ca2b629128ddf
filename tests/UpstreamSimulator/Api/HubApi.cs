using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Api;

/// <summary>
/// Routes <c>/api/models/…</c> and <c>/api/datasets/…</c> from the raw path, where a revision may be
/// encoded or raw (contract §7) and an id has one segment or two.
/// </summary>
internal static class HubApi
{
    public static IEndpointRouteBuilder MapHubApi(this IEndpointRouteBuilder endpoints)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Post];
        endpoints.MapMethods("/api/models/{**rest}", methods, (HttpContext c, RepoCatalog r) => DispatchAsync(c, r, RepoType.Model));
        endpoints.MapMethods("/api/datasets/{**rest}", methods, (HttpContext c, RepoCatalog r) => DispatchAsync(c, r, RepoType.Dataset));
        return endpoints;
    }

    private static Task DispatchAsync(HttpContext context, RepoCatalog catalog, RepoType type)
    {
        // api / models|datasets / id (1 or 2 segments) [/ revision|tree|paths-info / rev… [/ path…]]
        if (RepoRoute.ForApi(catalog, type, RawPath.RawSegments(context), 2) is not var (target, next))
        {
            return NotFoundAsync(context, type);
        }

        var segments = RawPath.Segments(context);
        var isGet = HttpMethods.IsGet(context.Request.Method);
        if (next == segments.Length || (next == segments.Length - 1 && segments[next].Length == 0))
        {
            return isGet ? RepoInfoEndpoint.HandleAsync(context, catalog, target, "main") : NotFoundAsync(context, type);
        }

        if (segments.Length < next + 2)
        {
            return NotFoundAsync(context, type);
        }

        var (revision, after) = RawPath.TakeRevision(segments, next + 1);
        return (segments[next], isGet) switch
        {
            ("revision", true) when after == segments.Length => RepoInfoEndpoint.HandleAsync(context, catalog, target, revision),
            ("tree", true) => TreeEndpoint.HandleAsync(context, catalog, target, revision, RawPath.JoinFrom(segments, after)),
            ("paths-info", false) when after == segments.Length => PathsInfoEndpoint.HandleAsync(context, catalog, target, revision),
            _ => NotFoundAsync(context, type),
        };
    }

    private static Task NotFoundAsync(HttpContext context, RepoType type)
    {
        RepoAccess.Tag(context, type, null, "unknown");
        return HubErrors.WriteAsync(context, HubErrors.PageNotFound);
    }
}
