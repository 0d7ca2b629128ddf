namespace ModelHub.Jobs.Kinds;

/// <summary>The kinds of storage scan, as the API and the <c>ScanStorage</c> command spell them.</summary>
public static class ScanModes
{
    public const string Verify = "verify";
    public const string Reconcile = "reconcile";
    public const string Import = "import";
    public const string EnforceQuota = "enforce-quota";

    /// <summary>Rebuilds the cache view from what the store holds.</summary>
    public const string CacheView = "cache-view";

    public static readonly IReadOnlyList<string> All = [Verify, Reconcile, Import, EnforceQuota, CacheView];
}
