using System.ComponentModel.DataAnnotations;

namespace ModelHub.Api.HubCompatibility;

/// <summary>Section <c>HubApi</c>: the Hugging Face–compatible routes.</summary>
public sealed class HubApiOptions
{
    public const string Section = "HubApi";

    /// <summary>
    /// ModelHub's own read tokens (<c>hf_…</c>, so the JS client accepts them). A caller presenting one
    /// may download files of upstream-gated repositories. Other tokens are ignored (Python sends the
    /// user's huggingface.co token by default), unless <see cref="RequireToken"/> is on.
    /// </summary>
    public string[] ReadTokens { get; set; } = [];

    /// <summary>Every request must carry one of <see cref="ReadTokens"/>.</summary>
    public bool RequireToken { get; set; }

    /// <summary>Entries per tree page (the Hub sends 1000).</summary>
    [Range(1, 10_000)]
    public int TreePageSize { get; set; } = 1000;

    /// <summary>Entries per tree page with <c>expand=true</c> (the Hub sends 50).</summary>
    [Range(1, 10_000)]
    public int ExpandedTreePageSize { get; set; } = 50;

    /// <summary>
    /// How long a <c>/resolve</c> request's commit and file row are remembered (<see cref="ResolvedFiles"/>);
    /// zero asks the database every time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ResolvedFileCache { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long what the upstream said about a repository's gate is trusted before it is asked again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan GateRefresh { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Section <c>PullThrough</c>: what ModelHub fetches from the upstream when a client asks for what it lacks.</summary>
public sealed class PullThroughOptions
{
    public const string Section = "PullThrough";

    /// <summary>Stream files that are not stored yet from the upstream (storing them), and sync unsynced revisions on demand.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Register (and sync) a repository a client asks for that nobody registered.</summary>
    public bool AutoRegister { get; set; }

    /// <summary>How long a request waits for the sync of a revision it asked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "01:00:00")]
    public TimeSpan SyncWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a request waits for another worker (a download job, another Api) fetching the same bytes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "1.00:00:00")]
    public TimeSpan LockWait { get; set; } = TimeSpan.FromMinutes(10);
}
