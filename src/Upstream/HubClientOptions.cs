using System.ComponentModel.DataAnnotations;
using ModelHub.Upstream.Sources;

namespace ModelHub.Upstream;

/// <summary>
/// Section <c>Upstream</c>. <see cref="Endpoint"/> and <see cref="Token"/> fall back to the
/// top-level keys <c>HF_ENDPOINT</c> and <c>HF_TOKEN</c> (how the hosts receive them). <see cref="Endpoints"/>
/// lists several upstreams in the order they are tried; the other settings are each entry's defaults.
/// </summary>
public sealed class HubClientOptions : IValidatableObject
{
    public const string Section = "Upstream";
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>The Hub's base address, without a trailing <c>/</c>.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Sent as <c>Authorization: Bearer</c> to <see cref="Endpoint"/>'s origin only; never logged.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Several upstreams, in the order they are tried (<see cref="UpstreamSet"/>); empty means the one at
    /// <see cref="Endpoint"/>. Metadata comes from the first of the metadata role that answers; bytes from the first of the
    /// bytes role that serves them, verified against the hashes the metadata recorded whichever serves them.
    /// </summary>
    public List<UpstreamEndpointOptions> Endpoints { get; set; } = [];

    /// <summary>
    /// With several upstreams, how long one whose circuit opened (half of at least <see cref="CircuitMinimumThroughput"/>
    /// calls in 30 s failed: 408, 429, 5xx, no connection, a timeout) is passed over before one call tries it again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.5", "01:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each process shares its view of the upstreams (circuits, last errors) with the others, through Redis.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:05:00")]
    public TimeSpan StatusShareInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The calls an upstream's circuit must see in 30 s before their failures may open it.</summary>
    [Range(2, 10_000)]
    public int CircuitMinimumThroughput { get; set; } = 4;

    /// <summary>
    /// Lets a caller's own Hugging Face token open a gated repository's files that <see cref="Token"/> cannot read
    /// (off by default): the Api checks the caller's token with the upstream and fetches with it, and a sync of such a
    /// repository records its tree and completes, leaving the files the upstream refused to ModelHub's token unstored
    /// (it fails otherwise). The caller's token is lent for those requests only (<see cref="UpstreamCredential"/>).
    /// </summary>
    public bool CallerTokens { get; set; }

    /// <summary>Retries after a 408, 429, 5xx, a network error or an attempt timeout.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 5;

    /// <summary>The first backoff delay; it doubles at each retry, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts, also when <c>Retry-After</c> or <c>RateLimit</c> asks for more.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take to receive the response headers.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a metadata call (repository info, one tree page) may take, retries and body included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a download body may send nothing before it is abandoned (it has no total timeout), and
    /// the window <see cref="DownloadMinBytesPerSecond"/> is measured over.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan DownloadIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A download body that averages less than this over <see cref="DownloadIdleTimeout"/> is abandoned too:
    /// an upstream that trickles a few bytes a second would otherwise hold a job for days. 0 checks only silence.
    /// </summary>
    [Range(0, 1_073_741_824)]
    public long DownloadMinBytesPerSecond { get; set; } = 1024;

    /// <summary>
    /// The most bytes one metadata answer (repository info, one tree page) may have; a tree page of the Hub's
    /// 1000 entries is about 300 KB, the info of a 100,000-file repository about 10 MB.
    /// </summary>
    [Range(1024, 1_073_741_824)]
    public long MaxMetadataBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How long repository info by revision is cached; 0 turns the metadata cache off.</summary>
    [Range(0, 86_400)]
    public int MetadataCacheSeconds { get; set; } = 60;

    /// <summary>How long what never changes (a commit's tree, repository info by commit) is cached.</summary>
    [Range(0, 604_800)]
    public int CommitCacheSeconds { get; set; } = 3_600;

    /// <summary>Trees with more entries than this are listed afresh each time instead of cached.</summary>
    [Range(0, 1_000_000)]
    public int TreeCacheMaxEntries { get; set; } = 2_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsUpstreamAddress(Endpoint))
        {
            yield return new ValidationResult(
                $"Upstream:Endpoint (or HF_ENDPOINT) must be an absolute http(s) address without query, not '{Endpoint}'.",
                [nameof(Endpoint)]);
        }

        if (MetadataTimeout < AttemptTimeout)
        {
            yield return new ValidationResult(
                "Upstream:MetadataTimeout must be at least Upstream:AttemptTimeout.", [nameof(MetadataTimeout)]);
        }

        foreach (var problem in ValidateEndpoints())
        {
            yield return new ValidationResult(problem, [nameof(Endpoints)]);
        }
    }

    private IEnumerable<string> ValidateEndpoints()
    {
        if (Endpoints.Count == 0)
        {
            yield break;
        }

        for (var index = 0; index < Endpoints.Count; index++)
        {
            var entry = Endpoints[index];
            if (!IsUpstreamAddress(entry.Url.Trim()))
            {
                yield return $"Upstream:Endpoints:{index}:Url must be an absolute http(s) address without query, not '{entry.Url}'.";
            }

            var ranges = new List<ValidationResult>();
            if (!Validator.TryValidateObject(entry, new ValidationContext(entry), ranges, validateAllProperties: true))
            {
                foreach (var range in ranges)
                {
                    yield return $"Upstream:Endpoints:{index}: {range.ErrorMessage}";
                }
            }

            if ((entry.MetadataTimeout ?? MetadataTimeout) < (entry.AttemptTimeout ?? AttemptTimeout))
            {
                yield return $"Upstream:Endpoints:{index}: its MetadataTimeout must be at least its AttemptTimeout.";
            }

            if (entry.Role == 0)
            {
                yield return $"Upstream:Endpoints:{index}:Role must be All, Metadata or Bytes.";
            }
        }

        if (UpstreamSet.From(this) is var set && set.Metadata.Count == 0)
        {
            yield return "Upstream:Endpoints needs at least one upstream of the Metadata role (or All).";
        }
        else if (set.Bytes.Count == 0)
        {
            yield return "Upstream:Endpoints needs at least one upstream of the Bytes role (or All).";
        }
        else if (set.All.GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            yield return $"Upstream:Endpoints names '{twice.Key}' twice: give each a Name.";
        }
        else if (CallerTokens && !set.Bytes.Any(e => e.IsHub))
        {
            yield return $"Upstream:CallerTokens checks readers' tokens with the Hub, and no upstream of Upstream:Endpoints is on its origin ({Endpoint}).";
        }
    }

    /// <summary>An absolute http(s) address without query or fragment: what an upstream's base address must be.</summary>
    private static bool IsUpstreamAddress(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
