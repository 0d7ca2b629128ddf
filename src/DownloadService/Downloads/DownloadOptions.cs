using System.ComponentModel.DataAnnotations;

namespace ModelHub.DownloadService.Downloads;

/// <summary>Section <c>Downloads</c>.</summary>
public sealed class DownloadOptions
{
    public const string Section = "Downloads";

    /// <summary>Files from this size on are fetched over several connections at once.</summary>
    [Range(1, long.MaxValue)]
    public long ParallelThresholdBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Connections per large file.</summary>
    [Range(1, 64)]
    public int Connections { get; set; } = 8;

    /// <summary>Bytes per ranged request of a large file.</summary>
    [Range(64 * 1024, int.MaxValue)]
    public int ChunkBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long a download waits for another worker fetching the same bytes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Partial files untouched for this long belong to no running job and are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan AbandonedPartAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Live progress is written to Redis at most this often.</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:01:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
