using Microsoft.AspNetCore.Http.Features;

namespace ModelHub.Api.HubCompatibility;

/// <summary>
/// The revision and the path of a Hub URL, read from the raw request target. Kestrel keeps
/// <c>%2F</c> encoded in route values, and clients disagree on encoding (huggingface-hub-api.md §7):
/// Python sends <c>refs%2Fpr%2F1</c> and tree paths as <c>a%2Fb</c>, the JS <c>listFiles</c> sends
/// <c>refs/pr/1</c> as three raw segments. Each segment is percent-decoded once, here.
/// </summary>
internal static class HubRoute
{
    /// <summary>
    /// The segments after <paramref name="skip"/> leading ones (e.g. <c>org/name/resolve</c>): the
    /// revision (<c>refs/pr/N</c> and <c>refs/convert/X</c> spread over raw segments are joined) and
    /// the rest as a path (null when there is none).
    /// </summary>
    public static (string Revision, string? Path)? RevisionAndPath(HttpContext context, int skip)
    {
        var segments = Segments(context);
        if (segments.Count <= skip)
        {
            return null;
        }

        var rest = segments.Skip(skip).ToList();
        var revisionParts = rest.Count >= 3 && rest[0] == "refs" && rest[1] is "pr" or "convert" ? 3 : 1;
        var revision = string.Join('/', rest.Take(revisionParts));
        var path = string.Join('/', rest.Skip(revisionParts));
        return (revision, path.Length == 0 ? null : path);
    }

    /// <summary>
    /// The request target as the client sent it: the path's segments after the path base, still percent-encoded, and
    /// the query string (with its <c>?</c>, or empty).
    /// </summary>
    public static (List<string> Segments, string Query) RawTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            raw = context.Request.PathBase.Add(context.Request.Path).ToUriComponent() + context.Request.QueryString;
        }

        var queryAt = raw.IndexOf('?', StringComparison.Ordinal);
        var (path, query) = queryAt >= 0 ? (raw[..queryAt], raw[queryAt..]) : (raw, "");
        var prefix = context.Request.PathBase.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries).Length ?? 0;
        return ([.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(prefix)], query);
    }

    private static List<string> Segments(HttpContext context) => [.. RawTarget(context).Segments.Select(Uri.UnescapeDataString)];
}
