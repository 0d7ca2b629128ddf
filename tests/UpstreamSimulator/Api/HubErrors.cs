using System.Text.Json;

namespace ModelHub.UpstreamSimulator.Api;

internal sealed record HubErrorReply(int Status, string? Code, string Message)
{
    public string? RepoCommit { get; init; }
}

/// <summary>
/// Errors the way the Hub sends them (contract §1.6): the status, <c>X-Error-Code</c> and
/// <c>X-Error-Message</c> (HEAD has no body, so clients classify from headers), and a JSON body
/// <c>{"error": …}</c> on other methods.
/// </summary>
internal static class HubErrors
{
    public static HubErrorReply RepoNotFound(HttpContext context) => new(
        RepoAccess.BearerToken(context) is null ? StatusCodes.Status401Unauthorized : StatusCodes.Status404NotFound,
        "RepoNotFound",
        "Repository not found");

    /// <summary>A path no route understands.</summary>
    public static HubErrorReply PageNotFound { get; } =
        new(StatusCodes.Status404NotFound, null, "Sorry, we can't find the page you are looking for.");

    public static HubErrorReply RevisionNotFound(string revision) =>
        new(StatusCodes.Status404NotFound, "RevisionNotFound", $"Invalid rev id: {revision}");

    public static HubErrorReply EntryNotFound(string path, string commit) =>
        new(StatusCodes.Status404NotFound, "EntryNotFound", $"Entry not found: {path}") { RepoCommit = commit };

    public static Task WriteAsync(HttpContext context, HubErrorReply error)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        if (error.Code is not null)
        {
            response.Headers["X-Error-Code"] = error.Code;
        }

        response.Headers["X-Error-Message"] = HeaderSafe(error.Message);
        if (error.RepoCommit is not null)
        {
            response.Headers["X-Repo-Commit"] = error.RepoCommit;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["error"] = error.Message });
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    // Header values must be printable ASCII (Kestrel refuses others); paths may hold anything.
    private static string HeaderSafe(string text) =>
        new([.. text.Select(c => c is >= ' ' and <= '~' ? c : '?')]);
}
