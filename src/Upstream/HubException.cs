namespace ModelHub.Upstream;

/// <summary>What the Hub said no to, in words fit for a job's error.</summary>
public sealed class HubException(HubError error, string message, Exception? inner = null) : Exception(message, inner)
{
    public HubError Error { get; } = error;

    /// <summary>How many times the request was retried before giving up (429 and 5xx).</summary>
    public int Retries { get; init; }
}
