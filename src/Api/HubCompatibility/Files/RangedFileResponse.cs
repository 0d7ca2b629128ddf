using System.Globalization;

namespace ModelHub.Api.HubCompatibility.Files;

/// <summary>
/// Writes the status and headers of a file response as the Hub clients need them (huggingface-hub-api.md §1.4, §9):
/// <c>X-Repo-Commit</c>, a quoted <c>ETag</c> and <c>X-Linked-Etag</c>, <c>X-Linked-Size</c>,
/// <c>Content-Length</c> (on HEAD too), <c>Accept-Ranges</c>, <c>Content-Range</c> on a 206 or 416.
/// </summary>
internal static class RangedFileResponse
{
    /// <returns>The range to send, or null when there is no body to send (HEAD, 416).</returns>
    public static RequestedRange? Start(HttpContext context, FileMeta file)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers["X-Repo-Commit"] = file.Commit;
        var etag = $"\"{file.ETag}\"";
        headers.ETag = etag;
        headers["X-Linked-Etag"] = etag;
        headers["X-Linked-Size"] = file.Size.ToString(CultureInfo.InvariantCulture);
        headers.AcceptRanges = "bytes";
        response.ContentType = "application/octet-stream";

        var rangeHeader = context.Request.Headers.Range.ToString();
        var range = RequestedRange.Parse(rangeHeader, file.Size);
        if (file.Size == 0 && rangeHeader.Length > 0)
        {
            // No range of an empty file can be satisfied, but the JS client's bytes=0-0 probe must not fail:
            // 200, the size in Content-Range, no body (what @huggingface/hub accepts).
            headers.ContentRange = "bytes */0";
            range = new RequestedRange(0, 0, false, false);
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
