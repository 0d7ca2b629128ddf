using System.ComponentModel.DataAnnotations;
using ModelHub.Jobs.Kinds;

namespace ModelHub.Api.Management.Storage;

/// <summary>Section <c>ScanSchedule</c>: how often each scan runs by itself. Every interval is off unless set.</summary>
public sealed class ScanScheduleOptions
{
    public const string Section = "ScanSchedule";

    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan? Verify { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan? Reconcile { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan? EnforceQuota { get; set; }

    /// <summary>Only blobs not verified for this many days, for a scheduled verify (all blobs when unset).</summary>
    [Range(0, 36_500)]
    public int? VerifyOlderThanDays { get; set; }

    /// <summary>How often the schedule is looked at.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "01:00:00")]
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<(string Mode, TimeSpan Interval)> Enabled()
    {
        if (Verify is { } verify)
        {
            yield return (ScanModes.Verify, verify);
        }

        if (Reconcile is { } reconcile)
        {
            yield return (ScanModes.Reconcile, reconcile);
        }

        if (EnforceQuota is { } quota)
        {
            yield return (ScanModes.EnforceQuota, quota);
        }
    }
}
