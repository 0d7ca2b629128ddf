using System.Globalization;
using ModelHub.UpstreamSimulator.Content;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.UpstreamSimulator.Files;

/// <summary>Answers 200, 206 or 416 for a file's bytes, with Content-Length on HEAD too.</summary>
internal static class ContentResponder
{
    public static Task ServeAsync(HttpContext context, FileContent content, FaultScope faults)
    {
        var response = context.Response;
        var size = content.Length;
        var range = faults.IgnoresRanges ? ByteRange.Parse(null, size) : ByteRange.Parse(context.Request.Headers.Range.ToString(), size);
        response.Headers.AcceptRanges = "bytes";
        if (range.Kind == RangeKind.Unsatisfiable)
        {
            // A 0-byte file cannot satisfy bytes=0-0; JS clients accept this answer and fail on a 416 (contract §1.4).
            response.StatusCode = size == 0 ? StatusCodes.Status200OK : StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{Format(size)}";
            response.ContentLength = 0;
            return Task.CompletedTask;
        }

        if (range.Kind == RangeKind.Partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {Format(range.Start)}-{Format(range.End)}/{Format(size)}";
        }

        var sendsBody = !HttpMethods.IsHead(context.Request.Method) && range.Length > 0;
        var bodyFaults = sendsBody ? faults.TakeBodyFaults() : BodyFaults.None;
        response.ContentLength = bodyFaults.Oversize switch
        {
            null => range.Length,
            { Announced: true } oversize => BodyWriter.Add(range.Length, oversize.ExtraBytes),
            _ => null, // chunked: only the byte count can tell the body is too long
        };

        return sendsBody ? BodyWriter.WriteAsync(context, content, range.Start, range.Length, bodyFaults) : Task.CompletedTask;
    }

    public static string ContentTypeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => "application/json; charset=utf-8",
        ".md" or ".txt" or ".gitattributes" or "" => "text/plain; charset=utf-8",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        _ => "application/octet-stream",
    };

    public static string ContentDisposition(string path, string kind)
    {
        var name = Path.GetFileName(path.Replace('\\', '/'));
        var ascii = new string([.. name.Select(c => c is >= ' ' and < (char)127 and not '"' ? c : '_')]);
        return $"{kind}; filename*=UTF-8''{Uri.EscapeDataString(name)}; filename=\"{ascii}\";";
    }

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
