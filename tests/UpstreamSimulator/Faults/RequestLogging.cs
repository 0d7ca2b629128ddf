using ModelHub.UpstreamSimulator.Api;
using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Files;

namespace ModelHub.UpstreamSimulator.Faults;

internal static class RequestLogging
{
    /// <summary>Records every answered request but the admin ones, even when the connection was aborted.</summary>
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var catalog = app.ApplicationServices.GetRequiredService<RepoCatalog>();
        return app.Use(async (context, next) =>
        {
            var startedAt = DateTimeOffset.UtcNow;
            try
            {
                await next(context);
            }
            finally
            {
                var path = RawPath.Of(context);
                if (!path.StartsWith("/_sim/", StringComparison.Ordinal))
                {
                    var (type, repoId, kind) = RepoAccess.TagOf(context);
                    catalog.Requests.Add(new SimRequest(startedAt, context.Request.Method, path,
                        context.Request.QueryString.Value ?? "", context.Response.StatusCode, repoId, kind)
                    {
                        Range = context.Request.Headers.Range.Count > 0 ? context.Request.Headers.Range.ToString() : null,
                        RepoType = type,
                        HadAuthorization = context.Request.Headers.Authorization.Count > 0,
                        Authorized = RepoAccess.IsAuthorised(context, catalog),
                        BodyBytes = BodyWriter.SentBytes(context),
                    });
                }
            }
        });
    }
}
