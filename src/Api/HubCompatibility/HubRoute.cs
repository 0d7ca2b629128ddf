using Microsoft.AspNetCore.Http.Features;

namespace ModelHub.Api.HubCompatibility;

/// <summary>
/// The revision and the path of a Hub URL, read from the raw request target. Kestrel keeps
/// <c>%2F</c> encoded in route values, and clients disagree on encoding (huggingface-hub-api.md §7):
/// Python sends <c>refs%2Fpr%2F1</c> and tree paths as <c>a%2Fb</c>, the JS <c>listFiles</c> sends
/// <c>refs/pr/1</c> as three raw segments. Each segment is percent-decoded once, here; empty segments
/// (<c>a//b</c>, a trailing <c>/</c>) are dropped.
/// </summary>
internal static class HubRoute
{
    /// <summary>
    /// The segments after <paramref name="skip"/> leading ones (e.g. <c>org/name/resolve</c>): the
    /// revision (<c>refs/pr/N</c> and <c>refs/convert/X</c> spread over raw segments are joined) and
    /// the rest as a path (null when there is none).
    /// </summary>
    /// <remarks>
    /// Every file request asks this, so it reads the target in place: a revision and a path without <c>%</c> or empty
    /// segments (what clients send for almost every file) cost one string each.
    /// </remarks>
    public static (string Revision, string? Path)? RevisionAndPath(HttpContext context, int skip)
    {
        var (path, _) = RawPathAndQuery(context);
        var at = 0;
        for (var i = PathBaseSegments(context) + skip; i > 0; i--)
        {
            if (!TryNextSegment(path, ref at, out _))
            {
                return null;
            }
        }

        if (!TryNextSegment(path, ref at, out var first))
        {
            return null;
        }

        var revisionEnd = first.End.Value;
        var afterFirst = at;
        if (Is(path.AsSpan()[first], "refs")
            && TryNextSegment(path, ref afterFirst, out var second) && (Is(path.AsSpan()[second], "pr") || Is(path.AsSpan()[second], "convert"))
            && TryNextSegment(path, ref afterFirst, out var third))
        {
            (revisionEnd, at) = (third.End.Value, afterFirst);
        }

        var rest = path.AsSpan(at).TrimStart('/');
        return (Joined(path.AsSpan(first.Start.Value, revisionEnd - first.Start.Value)), rest.IsEmpty ? null : Joined(rest));
    }

    /// <summary>
    /// The request target as the client sent it: the path's segments after the path base, still percent-encoded, and
    /// the query string (with its <c>?</c>, or empty).
    /// </summary>
    public static (List<string> Segments, string Query) RawTarget(HttpContext context)
    {
        var (path, query) = RawPathAndQuery(context);
        var segments = new List<string>();
        var at = 0;
        var prefix = PathBaseSegments(context);
        while (TryNextSegment(path, ref at, out var segment))
        {
            if (prefix-- <= 0)
            {
                segments.Add(path[segment]);
            }
        }

        return (segments, query);
    }

    private static (string Path, string Query) RawPathAndQuery(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            raw = context.Request.PathBase.Add(context.Request.Path).ToUriComponent() + context.Request.QueryString;
        }

        var queryAt = raw.IndexOf('?', StringComparison.Ordinal);
        return queryAt >= 0 ? (raw[..queryAt], raw[queryAt..]) : (raw, "");
    }

    private static int PathBaseSegments(HttpContext context)
    {
        var pathBase = context.Request.PathBase.Value.AsSpan();
        var count = 0;
        var at = 0;
        while (TryNextSegment(pathBase, ref at, out _))
        {
            count++;
        }

        return count;
    }

    /// <summary>The next non-empty segment at or after <paramref name="at"/>, which then points just past it.</summary>
    private static bool TryNextSegment(ReadOnlySpan<char> path, ref int at, out Range segment)
    {
        while (at < path.Length && path[at] == '/')
        {
            at++;
        }

        if (at == path.Length)
        {
            segment = default;
            return false;
        }

        var length = path[at..].IndexOf('/');
        var end = length < 0 ? path.Length : at + length;
        segment = at..end;
        at = end;
        return true;
    }

    private static bool Is(ReadOnlySpan<char> segment, string decoded) =>
        segment.Contains('%') ? Uri.UnescapeDataString(segment) == decoded : segment.SequenceEqual(decoded);

    private static string Decoded(ReadOnlySpan<char> segment) =>
        segment.Contains('%') ? Uri.UnescapeDataString(segment) : segment.ToString();

    /// <summary>The non-empty raw segments of <paramref name="raw"/>, each decoded, joined by <c>/</c>.</summary>
    private static string Joined(ReadOnlySpan<char> raw)
    {
        if (!raw.Contains('%') && !raw.Contains("//", StringComparison.Ordinal) && raw[^1] != '/')
        {
            return raw.ToString();
        }

        var parts = new List<string>();
        var at = 0;
        while (TryNextSegment(raw, ref at, out var segment))
        {
            parts.Add(Decoded(raw[segment]));
        }

        return string.Join('/', parts);
    }
}
