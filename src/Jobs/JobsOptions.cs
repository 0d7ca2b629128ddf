using System.ComponentModel.DataAnnotations;

namespace ModelHub.Jobs;

/// <summary>Section <c>Jobs</c>: how an accepted job is kept to its promise to run, and how often a running one reports.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>A Pending job whose command was not sent after this long is announced again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "01:00:00")]
    public TimeSpan RedispatchAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the dispatcher looks for such jobs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:10:00")]
    public TimeSpan DispatcherInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a request waits for the broker before leaving the announcement to the dispatcher.</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:01:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A running job's live figures (bytes, items, rate) are written to Redis at most this often.</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:01:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
