using ModelHub.Jobs.Kinds;

namespace ModelHub.ScanService.Scans;

/// <summary>One mode of storage scan.</summary>
internal interface IStorageScan
{
    /// <summary>One of <see cref="ScanModes"/>.</summary>
    string Mode { get; }

    /// <summary>Does the scan, counting what it finds in <paramref name="tally"/>; returns a one-line summary.</summary>
    Task<string> RunAsync(ScanPayload request, ScanTally tally, CancellationToken cancellationToken);
}
