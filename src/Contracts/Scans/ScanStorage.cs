namespace ModelHub.Contracts.Scans;

/// <summary>Command to the ScanService: check the store (<c>verify</c>, <c>reconcile</c>, <c>import</c>, <c>enforce-quota</c>, <c>cache-view</c>).</summary>
public sealed record ScanStorage(Guid JobId, string Mode)
{
    /// <summary>Which run of the job this is (1, then +1 per retry); echoed on the job's events.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The mode's options as JSON, as the user submitted them.</summary>
    public string Options { get; init; } = "{}";
}
