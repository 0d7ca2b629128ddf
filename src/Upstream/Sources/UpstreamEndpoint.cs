namespace ModelHub.Upstream.Sources;

/// <summary>One upstream with every setting resolved (its own, else the section's): what a <see cref="HubClient"/> talks to.</summary>
public sealed record UpstreamEndpoint
{
    /// <summary>Its place in the order upstreams are tried, from 0.</summary>
    public required int Index { get; init; }

    public required string Name { get; init; }

    /// <summary>The base address, without a trailing <c>/</c>.</summary>
    public required string Url { get; init; }

    /// <summary>Never logged, never shown.</summary>
    public string? Token { get; init; }

    public required UpstreamRole Role { get; init; }

    /// <summary>
    /// Whether it is the Hub itself (the origin of <c>Upstream:Endpoint</c>, or huggingface.co): it takes ModelHub's
    /// Hugging Face token when it names none, and a reader's lent token (<see cref="UpstreamCredential"/>).
    /// </summary>
    public required bool IsHub { get; init; }

    public required int MaxRetries { get; init; }

    public required TimeSpan RetryBaseDelay { get; init; }

    public required TimeSpan MaxRetryDelay { get; init; }

    public required TimeSpan AttemptTimeout { get; init; }

    public required TimeSpan MetadataTimeout { get; init; }

    public required TimeSpan DownloadIdleTimeout { get; init; }

    public required long DownloadMinBytesPerSecond { get; init; }

    public required long MaxMetadataBytes { get; init; }

    /// <summary>Whether a circuit guards it: only when there is another upstream to turn to.</summary>
    public required bool HasCircuit { get; init; }

    /// <summary>The named <see cref="HttpClient"/> (and so the resilience pipeline and circuit) of this upstream.</summary>
    public string HttpClientName => $"upstream-{Index}";

    public override string ToString() => Name;
}
