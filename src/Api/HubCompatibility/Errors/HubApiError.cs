using System.Text.Json;

namespace ModelHub.Api.HubCompatibility.Errors;

/// <summary>
/// An error as the Hugging Face clients read it: the status, <c>X-Error-Code</c> and
/// <c>X-Error-Message</c> headers (a HEAD has no body), and <c>{"error": …}</c> on other methods.
/// Not problem details: the clients classify errors by these headers only.
/// </summary>
internal sealed class HubApiError(int status, string? code, string message, string? commit = null) : IResult
{
    /// <summary>The Hub's <c>X-Error-Code</c> for a repository it does not know (also sent with a 401 when a token is missing).</summary>
    public const string RepoNotFoundCode = "RepoNotFound";

    public const string RevisionNotFoundCode = "RevisionNotFound";

    public int Status { get; } = status;

    public string? Code { get; } = code;

    public string Message { get; } = message;

    public static HubApiError RepoNotFound(string repoId) =>
        new(StatusCodes.Status404NotFound, RepoNotFoundCode, $"Repository not found: {repoId} is not mirrored by ModelHub.");

    public static HubApiError RevisionNotFound(string repoId, string revision) =>
        new(StatusCodes.Status404NotFound, RevisionNotFoundCode, $"Invalid rev id: {revision} is not a revision of {repoId} known to ModelHub.");

    public static HubApiError EntryNotFound(string repoId, string commit, string path) =>
        new(StatusCodes.Status404NotFound, "EntryNotFound", $"Entry not found: {path} does not exist in {repoId} at {commit}.", commit);

    public static HubApiError XetUnavailable() =>
        new(StatusCodes.Status404NotFound, "EntryNotFound",
            "ModelHub serves files over plain HTTP and has no Xet storage: it issues no Xet token. Download through /resolve (with huggingface_hub, HF_HUB_DISABLE_XET=1 makes sure).");

    public static HubApiError Gated(string repoId) =>
        new(StatusCodes.Status401Unauthorized, "GatedRepo",
            $"Access to {repoId} is restricted: it is gated upstream, and ModelHub serves its files only to callers with a ModelHub read token (Authorization: Bearer hf_...).");

    public static HubApiError GatedForCaller(string repoId) =>
        new(StatusCodes.Status403Forbidden, "GatedRepo",
            $"Access to {repoId} is restricted: it is gated upstream, and the upstream refuses the Hugging Face token you sent for it. Request access on the Hub with that token's account, or use a ModelHub read token.");

    public static HubApiError InvalidCredentials() =>
        new(StatusCodes.Status401Unauthorized, null, "Invalid credentials in Authorization header");

    public static HubApiError BadRequest(string message) => new(StatusCodes.Status400BadRequest, null, message);

    public static HubApiError Unavailable(string message) => new(StatusCodes.Status504GatewayTimeout, null, message);

    public static HubApiError BadGateway(string message) => new(StatusCodes.Status502BadGateway, null, message);

    /// <summary>507: ModelHub's own disk is full; the upstream is not to blame.</summary>
    public static HubApiError StoreFull(string message) => new(StatusCodes.Status507InsufficientStorage, null, message);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        if (Code is not null)
        {
            response.Headers["X-Error-Code"] = Code;
        }

        // Header values must be ASCII without line breaks; messages are ours, but paths and ids come from requests.
        response.Headers["X-Error-Message"] = new string([.. Message.Select(c => c is >= ' ' and <= '~' ? c : '?')]);
        if (commit is not null)
        {
            response.Headers["X-Repo-Commit"] = commit;
        }

        if (HttpMethods.IsHead(httpContext.Request.Method))
        {
            return;
        }

        response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, new Dictionary<string, string> { ["error"] = Message }, cancellationToken: httpContext.RequestAborted);
    }
}
