namespace ModelHub.Upstream;

public enum HubError
{
    RepoNotFound,
    RevisionNotFound,
    EntryNotFound,
    GatedRepo,
    Unauthorized,
    RateLimited,
    ServerError,
    Timeout,
    BadResponse,

    /// <summary>403 with <c>Access to this resource is disabled.</c></summary>
    Disabled,

    /// <summary>No connection could be made (refused, reset, DNS), after the retries.</summary>
    Unreachable,

    /// <summary>
    /// A download body stopped arriving, or came slower than the minimum rate, after its headers
    /// (<see cref="HubClientOptions.DownloadIdleTimeout"/>, <see cref="HubClientOptions.DownloadMinBytesPerSecond"/>).
    /// Unlike the other errors it was not retried: the caller may resume from what it has.
    /// </summary>
    Stalled,
}
