using System.Text;

namespace ModelHub.UpstreamSimulator.Api;

/// <summary>
/// The Hub's answer to a renamed or mis-cased repository id: a 307 (method and body kept, so a
/// paths-info POST is sent again) with a relative <c>Location</c> (contract §0, §1.4).
/// </summary>
internal static class HubRedirect
{
    public static Task WriteAsync(HttpContext context, string location)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        response.Headers.Location = HeaderSafe(location);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }

        var body = Encoding.UTF8.GetBytes($"Temporary Redirect. Redirecting to {response.Headers.Location}");
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    // The raw path is what the client sent; anything Kestrel would refuse in a header goes percent-encoded.
    private static string HeaderSafe(string location)
    {
        var safe = new StringBuilder(location.Length);
        foreach (var rune in location.EnumerateRunes())
        {
            if (rune.Value is >= '!' and <= '~')
            {
                safe.Append((char)rune.Value);
            }
            else
            {
                safe.Append(Uri.EscapeDataString(rune.ToString()));
            }
        }

        return safe.ToString();
    }
}
