using System.ComponentModel.DataAnnotations;

namespace ModelHub.Api.HubCompatibility.PullThrough;

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

    /// <summary>
    /// How long the upstream's "not found" for a repository or a revision is remembered, so a client retrying in a
    /// loop does not make ModelHub ask again each time; zero asks every time. A 429 or a 5xx is never remembered.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan NotFoundCache { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a request waits for another worker (a download job, another Api) fetching the same bytes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "1.00:00:00")]
    public TimeSpan LockWait { get; set; } = TimeSpan.FromMinutes(10);
}
