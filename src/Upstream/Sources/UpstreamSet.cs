namespace ModelHub.Upstream.Sources;

/// <summary>
/// The upstreams in the order they are tried (<c>Upstream:Endpoints</c>; without it, the one upstream of
/// <c>Upstream:Endpoint</c> and <c>Upstream:Token</c>, as before there could be several).
/// </summary>
public sealed class UpstreamSet
{
    public const string HubHost = "huggingface.co";

    private UpstreamSet(IReadOnlyList<UpstreamEndpoint> all)
    {
        All = all;
        Metadata = [.. all.Where(e => e.Role.HasFlag(UpstreamRole.Metadata))];
        Bytes = [.. all.Where(e => e.Role.HasFlag(UpstreamRole.Bytes))];
        // One upstream keeps today's cache keys; several are one scope, in their order, so a changed list never reads old answers.
        CacheScope = string.Join(',', Metadata.Select(e => e.Url));
    }

    public IReadOnlyList<UpstreamEndpoint> All { get; }

    /// <summary>Where commits, trees and access come from: the first that answers.</summary>
    public IReadOnlyList<UpstreamEndpoint> Metadata { get; }

    /// <summary>Where file bytes may come from, in order.</summary>
    public IReadOnlyList<UpstreamEndpoint> Bytes { get; }

    /// <summary>What names the metadata's source in cache keys.</summary>
    public string CacheScope { get; }

    public static UpstreamSet From(HubClientOptions options)
    {
        var hubOrigin = Origin(options.Endpoint);
        if (options.Endpoints.Count == 0)
        {
            return new UpstreamSet([Resolve(options, new UpstreamEndpointOptions { Url = options.Endpoint }, 0, last: true, hubOrigin)]);
        }

        var count = options.Endpoints.Count;
        return new UpstreamSet([.. options.Endpoints.Select((entry, index) => Resolve(options, entry, index, index == count - 1, hubOrigin))]);
    }

    private static UpstreamEndpoint Resolve(HubClientOptions section, UpstreamEndpointOptions entry, int index, bool last, string? hubOrigin)
    {
        var url = entry.Url.Trim().TrimEnd('/');
        var origin = Origin(url);
        var isHub = origin is not null && (origin == hubOrigin || new Uri(url).Host.Equals(HubHost, StringComparison.OrdinalIgnoreCase));
        var several = section.Endpoints.Count > 1;
        return new UpstreamEndpoint
        {
            Index = index,
            Name = string.IsNullOrWhiteSpace(entry.Name) ? (origin is null ? url : new Uri(url).Authority) : entry.Name.Trim(),
            Url = url,
            Token = string.IsNullOrWhiteSpace(entry.Token) ? (isHub ? section.Token : null) : entry.Token.Trim(),
            Role = entry.Role,
            IsHub = isHub,
            MaxRetries = entry.MaxRetries ?? (last ? section.MaxRetries : 0),
            RetryBaseDelay = section.RetryBaseDelay,
            MaxRetryDelay = section.MaxRetryDelay,
            AttemptTimeout = entry.AttemptTimeout ?? section.AttemptTimeout,
            MetadataTimeout = entry.MetadataTimeout ?? section.MetadataTimeout,
            DownloadIdleTimeout = entry.DownloadIdleTimeout ?? section.DownloadIdleTimeout,
            DownloadMinBytesPerSecond = section.DownloadMinBytesPerSecond,
            MaxMetadataBytes = section.MaxMetadataBytes,
            HasCircuit = several,
        };
    }

    /// <summary>Scheme, host and port, or null for an address that is not absolute http(s) (validation says so).</summary>
    internal static string? Origin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : null;
}
