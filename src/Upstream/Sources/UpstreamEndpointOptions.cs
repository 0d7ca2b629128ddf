using System.ComponentModel.DataAnnotations;

namespace ModelHub.Upstream.Sources;

/// <summary>
/// One entry of <c>Upstream:Endpoints</c>, in the order they are tried. A setting left out takes the section's value
/// (<see cref="HubClientOptions"/>), except <see cref="MaxRetries"/>, which is 0 for every entry but the last: a failing
/// upstream with another behind it is left at once, not after its retries.
/// </summary>
public sealed class UpstreamEndpointOptions
{
    /// <summary>The upstream's base address: the Hub, a mirror, or another ModelHub.</summary>
    public string Url { get; set; } = "";

    /// <summary>How logs, job summaries and the admin page name it; its host and port when left out.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Sent as <c>Authorization: Bearer</c> to this upstream's origin only (another ModelHub's read key, a mirror's token).
    /// Left out, an entry on the Hub's own origin (<c>Upstream:Endpoint</c>, else huggingface.co) takes <c>Upstream:Token</c>
    /// (<c>HF_TOKEN</c>); any other gets none, so ModelHub's Hugging Face token never goes to a third party.
    /// </summary>
    public string? Token { get; set; }

    public UpstreamRole Role { get; set; } = UpstreamRole.All;

    [Range(0, 20)]
    public int? MaxRetries { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan? AttemptTimeout { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan? MetadataTimeout { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan? DownloadIdleTimeout { get; set; }
}
