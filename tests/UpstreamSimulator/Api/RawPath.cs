using Microsoft.AspNetCore.Http.Features;

namespace ModelHub.UpstreamSimulator.Api;

/// <summary>
/// The request path split as the client sent it. Kestrel leaves <c>%2F</c> encoded in
/// <c>Request.Path</c> but decodes the rest, so route values cannot tell <c>refs%2Fpr%2F1</c> from
/// <c>refs/pr/1</c>; the raw target can (contract §7).
/// </summary>
internal static class RawPath
{
    public static string Of(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var query = raw.IndexOf('?');
        return query < 0 ? raw : raw[..query];
    }

    /// <summary>The path's segments as sent, still percent-encoded.</summary>
    public static string[] RawSegments(HttpContext context) => Of(context).TrimStart('/').Split('/');

    /// <summary>The path's segments, each percent-decoded on its own.</summary>
    public static string[] Segments(HttpContext context) => [.. RawSegments(context).Select(Uri.UnescapeDataString)];

    /// <summary>
    /// Takes a revision at <paramref name="start"/>: one (maybe percent-encoded) segment, or the three
    /// raw segments of a special ref such as <c>refs/pr/1</c> or <c>refs/convert/parquet</c>.
    /// </summary>
    public static (string Revision, int Next) TakeRevision(string[] segments, int start)
    {
        if (segments[start] == "refs" && segments.Length >= start + 3)
        {
            return (string.Join('/', segments[start..(start + 3)]), start + 3);
        }

        return (segments[start], start + 1);
    }

    public static string JoinFrom(string[] segments, int start) =>
        start >= segments.Length ? "" : string.Join('/', segments[start..]);
}
