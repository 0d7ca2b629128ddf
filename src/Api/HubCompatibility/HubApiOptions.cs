using System.ComponentModel.DataAnnotations;
using ModelHub.Persistence.Repositories;

namespace ModelHub.Api.HubCompatibility;

/// <summary>Section <c>HubApi</c>: the Hugging Face–compatible routes.</summary>
public sealed class HubApiOptions
{
    public const string Section = "HubApi";

    /// <summary>
    /// ModelHub's own read tokens (<c>hf_…</c>, so the JS client accepts them). A caller presenting one
    /// may download files of repositories recorded gated or private. Other tokens are ignored (Python sends the
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
    /// How long a <c>/resolve</c> request's commit and file row are remembered (<see cref="Files.ResolvedFiles"/>);
    /// zero asks the database every time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ResolvedFileCache { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a repository's recorded access is trusted before a request for it asks the upstream again, in the
    /// background (serving never waits for the answer). Each sync records the upstream's answer too.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan GateRefresh { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The access of a repository nobody could tell ModelHub about (an import whose upstream cannot be reached or
    /// does not know it), until a sync or an admin records one: <c>Public</c> serves its files to everyone,
    /// <c>Gated</c> only to callers with a read token.
    /// </summary>
    [AllowedValues(RepositoryAccess.Public, RepositoryAccess.Gated, RepositoryAccess.Private)]
    public RepositoryAccess UnknownAccess { get; set; } = RepositoryAccess.Public;
}
