namespace ModelHub.Upstream.Sources;

public enum UpstreamReachability
{
    /// <summary>Not asked anything yet by this process.</summary>
    Unknown,

    /// <summary>Its last call was answered (a not-found is an answer).</summary>
    Answering,

    /// <summary>Its last call failed: no connection, a timeout, a 429 or 5xx, a bad answer, or wrong bytes.</summary>
    Failing,
}
