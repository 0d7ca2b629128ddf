using System.Globalization;

namespace ModelHub.Api.HubCompatibility;

/// <summary>What a file response says about the file, whatever sends the bytes.</summary>
/// <param name="ETag">Unquoted: the SHA-256 for LFS content, the git blob id otherwise.</param>
internal sealed record FileMeta(string Commit, string ETag, long Size);

/// <summary>The part of a file a request asks for: all of it, one range of it, or nothing it can have.</summary>
internal readonly record struct ByteRange(long From, long Count, bool Partial, bool Unsatisfiable)
{
    /// <summary>
    /// One range of <c>Range: bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>. A header that does
    /// not parse, or asks for several ranges, is ignored (the whole file, as RFC 9110 allows).
    /// </summary>
    public static ByteRange Parse(string? header, long size)
    {
        var whole = new ByteRange(0, size, false, false);
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(','))
        {
            return whole;
        }

        var spec = header[6..].Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0 || !TryNumber(spec[..dash], out var first) | !TryNumber(spec[(dash + 1)..], out var last))
        {
            return whole;
        }

        if (first is null)
        {
            // bytes=-n: the last n bytes.
            return last is null or 0 ? new ByteRange(0, 0, false, true) : Span(Math.Max(0, size - last.Value), size - 1, size);
        }

        return last is { } end && end < first ? whole : Span(first.Value, Math.Min(last ?? size - 1, size - 1), size);
    }

    private static ByteRange Span(long from, long to, long size) =>
        from >= size ? new ByteRange(0, 0, false, true) : new ByteRange(from, to - from + 1, true, false);

    private static bool TryNumber(string text, out long? value)
    {
        value = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            value = number;
            return true;
        }

        return false;
    }
}

/// <summary>
/// Writes the status and headers of a file response as the Hub clients need them (huggingface-hub-api.md §1.4, §9):
/// <c>X-Repo-Commit</c>, a quoted <c>ETag</c> and <c>X-Linked-Etag</c>, <c>X-Linked-Size</c>,
/// <c>Content-Length</c> (on HEAD too), <c>Accept-Ranges</c>, <c>Content-Range</c> on a 206 or 416.
/// </summary>
internal static class FileResponse
{
    /// <returns>The range to send, or null when there is no body to send (HEAD, 416).</returns>
    public static ByteRange? Start(HttpContext context, FileMeta file)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers["X-Repo-Commit"] = file.Commit;
        headers.ETag = $"\"{file.ETag}\"";
        headers["X-Linked-Etag"] = $"\"{file.ETag}\"";
        headers["X-Linked-Size"] = file.Size.ToString(CultureInfo.InvariantCulture);
        headers.AcceptRanges = "bytes";
        response.ContentType = "application/octet-stream";

        var rangeHeader = context.Request.Headers.Range.ToString();
        var range = ByteRange.Parse(rangeHeader, file.Size);
        if (file.Size == 0 && rangeHeader.Length > 0)
        {
            // No range of an empty file can be satisfied, but the JS client's bytes=0-0 probe must not fail:
            // 200, the size in Content-Range, no body (what @huggingface/hub accepts).
            headers.ContentRange = "bytes */0";
            range = new ByteRange(0, 0, false, false);
        }
        else if (range.Unsatisfiable)
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            headers.ContentRange = $"bytes */{file.Size}";
            response.ContentLength = 0;
            return null;
        }
        else if (range.Partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            headers.ContentRange = $"bytes {range.From}-{range.From + range.Count - 1}/{file.Size}";
        }

        response.ContentLength = range.Count;
        return HttpMethods.IsHead(context.Request.Method) || range.Count == 0 ? null : range;
    }
}
