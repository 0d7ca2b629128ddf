using System.Text;

namespace ModelHub.Api.HubCompatibility.Repositories;

/// <summary>
/// The Hub's answer to a request that names a repository by a legacy, former or mis-cased id: a 307 to the same
/// address under the current name, with a relative <c>Location</c> (huggingface-hub-api.md §0). A 307 keeps the
/// method and the body, so a <c>paths-info</c> POST arrives again; the Python client follows a relative redirect on
/// its HEAD, and fetch follows every one. The rest of the address is kept as the client encoded it.
/// </summary>
internal sealed class HubRedirect(string currentId) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var location = LocationFor(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        response.Headers.Location = location;
        if (!HttpMethods.IsHead(httpContext.Request.Method))
        {
            response.ContentType = "text/plain; charset=utf-8";
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"Temporary Redirect. Redirecting to {location}"), httpContext.RequestAborted);
        }
    }

    private string LocationFor(HttpContext context)
    {
        var (segments, query) = HubRoute.RawTarget(context);
        var shape = HubRouteShape.Of(context);
        var start = shape.IdStart(apiRoute: segments.Count > 0 && segments[0] == "api");
        segments.RemoveRange(start, shape.IdSegments);
        segments.InsertRange(start, currentId.Split('/').Select(Uri.EscapeDataString));
        return $"{context.Request.PathBase}/{string.Join('/', segments)}{query}";
    }
}
