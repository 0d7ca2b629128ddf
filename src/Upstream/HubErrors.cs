using System.Globalization;
using System.Net;

namespace ModelHub.Upstream;

/// <summary>
/// Turns what the Hub answered into a <see cref="HubException"/> a person can act on. The Hub
/// classifies errors in headers (<c>X-Error-Code</c>, <c>X-Error-Message</c>), which a HEAD has too.
/// Every message goes through <see cref="Redact"/> so the token never leaves in one.
/// </summary>
internal sealed class HubErrors(string endpoint, string? token)
{
    private const string DisabledMessage = "Access to this resource is disabled.";

    public HubException FromResponse(HttpResponseMessage response, HubTarget target, int retries)
    {
        var status = (int)response.StatusCode;
        var code = Header(response, "X-Error-Code");
        var serverMessage = Header(response, "X-Error-Message");
        var (error, message) = (code, response.StatusCode) switch
        {
            ("RepoNotFound", _) => (HubError.RepoNotFound, $"repository not found upstream: {target.Repo}"),
            ("RevisionNotFound", _) => (HubError.RevisionNotFound, $"revision not found: {target.Repo}@{target.Revision}"),
            ("EntryNotFound", _) => (HubError.EntryNotFound, $"file not found upstream: {target}"),
            ("GatedRepo", _) => (HubError.GatedRepo, GatedMessage(target)),
            (_, HttpStatusCode.Forbidden) when serverMessage == DisabledMessage =>
                (HubError.Disabled, $"repository disabled upstream: {target.Repo}"),
            (_, HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) =>
                (HubError.Unauthorized, $"not authorized upstream ({status}) for {target.Repo}{Detail(serverMessage)}{TokenHint()}"),
            (_, HttpStatusCode.TooManyRequests) => (HubError.RateLimited, $"rate limited by the upstream, retried {retries} times ({target.Action} of {target})"),
            _ when status >= 500 => (HubError.ServerError, $"upstream server error {status} on {target.Action} of {target}, retried {retries} times"),
            _ => (HubError.BadResponse, $"unexpected answer {status} from upstream on {target.Action} of {target}{Detail(serverMessage)}"),
        };
        return new HubException(error, Redact(message)) { Retries = retries };
    }

    public HubException Timeout(HubTarget target, TimeSpan after, int retries, Exception? inner = null) =>
        new(HubError.Timeout, Redact($"upstream timed out after {after} on {target.Action} of {target}, retried {retries} times"), inner)
        {
            Retries = retries,
        };

    public HubException Stalled(HubTarget target, Stall stall, Exception? inner) =>
        new(HubError.Stalled, Redact(stall.Bytes == 0
            ? $"upstream sent no bytes for {Seconds(stall.Over)} during the download of {target}"
            : $"upstream sent only {stall.Bytes} bytes in {Seconds(stall.Over)} during the download of {target} "
                + $"({Rate(stall)} B/s, below the minimum of {stall.Limits.MinBytesPerSecond} B/s)"), inner);

    /// <summary>An <see cref="IOException"/> still, so that callers retry it as they retry any broken connection.</summary>
    public IOException BrokenOff(HubTarget target, long received, IOException inner) =>
        new(Redact($"upstream broke off the download of {target} after {received} bytes: {inner.Message}"), inner);

    public HubException Unreachable(HubTarget target, HttpRequestException inner, int retries) =>
        new(HubError.Unreachable, Redact($"upstream unreachable ({endpoint}) on {target.Action} of {target}: {inner.Message}, retried {retries} times"), inner)
        {
            Retries = retries,
        };

    /// <summary>The upstream's circuit is open: too many of its recent calls failed, so this one was not made.</summary>
    public HubException CircuitOpen(HubTarget target, Exception inner) =>
        new(HubError.Unreachable, Redact($"upstream {endpoint} passed over on {target.Action} of {target}: its circuit is open after repeated failures"), inner);

    public HubException BadResponse(HubTarget target, string problem, Exception? inner = null, int retries = 0) =>
        new(HubError.BadResponse, Redact($"bad response from upstream on {target.Action} of {target}: {problem}"), inner)
        {
            Retries = retries,
        };

    /// <summary>Removes the token from any text bound for a message or a log.</summary>
    public string Redact(string text) => Without(Without(text, token), UpstreamCredential.Lent);

    private static string Without(string text, string? secret) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "[token]", StringComparison.Ordinal);

    private string GatedMessage(HubTarget target) => token is null
        ? $"gated: configure a token with access to {target.Repo}"
        : $"gated: configure a token with access to {target.Repo} (the configured token has none; request access on the Hub)";

    private string TokenHint() => token is null ? " (no token is configured)" : " (check the configured token)";

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";

    private static string Rate(Stall stall) => (stall.Bytes / stall.Over.TotalSeconds).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Detail(string? serverMessage) => string.IsNullOrWhiteSpace(serverMessage) ? "" : $": {serverMessage}";

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
