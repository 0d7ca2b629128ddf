using Microsoft.AspNetCore.Http;

namespace ModelHub.Upstream.Tests.Support;

/// <summary>Small helpers for stub handlers.</summary>
internal static class Respond
{
    public static Task Json(HttpContext context, string json, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    public static Task Error(HttpContext context, int status, string? code = null, string? message = null)
    {
        if (code is not null)
        {
            context.Response.Headers["X-Error-Code"] = code;
        }

        if (message is not null)
        {
            context.Response.Headers["X-Error-Message"] = message;
        }

        return Json(context, $$"""{"error":"{{message ?? code ?? "error"}}"}""", status);
    }

    public static string RepoInfo(string id, string sha) =>
        $$"""{"_id":"621ffdc136468d709f17","id":"{{id}}","sha":"{{sha}}","siblings":[{"rfilename":"config.json"}]}""";

    public static byte[] Bytes(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 % 251)).ToArray();
}
