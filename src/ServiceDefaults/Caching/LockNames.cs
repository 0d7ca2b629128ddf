namespace ModelHub.ServiceDefaults.Caching;

/// <summary>The lock names every service agrees on (in Redis, and hashed to PostgreSQL advisory lock keys).</summary>
public static class LockNames
{
    /// <summary>
    /// One writer (or mover) per set of bytes: <paramref name="contentKey"/> is the SHA-256 when it is
    /// known, <c>git-&lt;oid&gt;</c> or an artifact id before that.
    /// </summary>
    public static string Blob(string contentKey) => $"modelhub:blob:{contentKey}";

    /// <summary>One sync per repository.</summary>
    public static string Sync(string repo) => $"modelhub:sync:{repo}";

    /// <summary>One scan of a kind on a schedule at a time, across Api instances.</summary>
    public static string ScanSchedule(string mode) => $"modelhub:scan-schedule:{mode}";
}
