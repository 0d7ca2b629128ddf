using System.ComponentModel.DataAnnotations;

namespace ModelHub.ServiceDefaults.Caching;

/// <summary>Section <c>Redis</c>: how long ModelHub waits for Redis, and how long it leaves a failing Redis alone.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>Connect and command timeout: a Redis that has not answered by then counts as down.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After a failed call Redis is skipped this long: caches miss, live progress is not written, locks are taken in PostgreSQL.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SkipFor { get; set; } = TimeSpan.FromSeconds(5);
}
