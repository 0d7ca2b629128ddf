using System.ComponentModel.DataAnnotations;

namespace ModelHub.ServiceDefaults.Caching;

/// <summary>Section <c>Locks</c>.</summary>
public sealed class LockOptions
{
    public const string Section = "Locks";

    /// <summary>
    /// How long a Redis lock outlives a holder that died without releasing it (kill -9): the lease is renewed
    /// every third of it while the holder lives, so a shorter lease only costs a few more Redis calls.
    /// (The PostgreSQL lock behind it goes at once with the dead holder's connection.)
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(10);
}
