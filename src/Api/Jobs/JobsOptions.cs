using System.ComponentModel.DataAnnotations;

namespace ModelHub.Api.Jobs;

/// <summary>Section <c>Jobs</c>: how the Api keeps its promise that an accepted job runs.</summary>
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
}
