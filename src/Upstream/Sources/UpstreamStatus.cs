using Polly.CircuitBreaker;

namespace ModelHub.Upstream.Sources;

/// <summary>One upstream as the admin page and <c>GET /v1/hub/upstreams</c> show it (no token, no credentials in the address).</summary>
/// <param name="Circuit">Null when it has no circuit (the only upstream).</param>
public sealed record UpstreamStatus(
    string Name,
    string Url,
    UpstreamRole Role,
    UpstreamReachability Reachability,
    CircuitState? Circuit,
    DateTimeOffset? LastAnsweredAt,
    DateTimeOffset? LastFailedAt,
    string? LastError,
    long WrongBytesServed)
{
    /// <summary>The address without any user information it was configured with.</summary>
    internal static string Displayed(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString().TrimEnd('/')
            : url;
}
