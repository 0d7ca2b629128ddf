using System.ComponentModel.DataAnnotations;

namespace ModelHub.ServiceDefaults.Caching;

/// <summary>Section <c>Redis</c>: how long ModelHub waits for Redis, how long it leaves a failing Redis alone, and its keys' prefix.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>Connect and command timeout: a Redis that has not answered by then counts as down.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After a failed call Redis is skipped this long: caches miss, live progress is not written, locks are taken in PostgreSQL.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SkipFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Put before ModelHub's lock and cache keys, so that two ModelHubs sharing one Redis (an edge beside its central, two
    /// test stacks) never wait on each other's locks: an edge's sync holds its lock while it asks its central, whose own sync
    /// of the same repository would otherwise wait for it. Empty by default (one ModelHub per Redis).
    /// </summary>
    [RegularExpression("^[A-Za-z0-9._:-]{0,64}$", ErrorMessage = "Redis:KeyPrefix may hold up to 64 letters, digits, '.', '_', ':' and '-'.")]
    public string KeyPrefix { get; set; } = "";
}
