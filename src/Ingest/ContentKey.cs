namespace ModelHub.Ingest;

/// <summary>
/// What one set of bytes is called before they are fetched: their SHA-256 when it is known (an LFS file,
/// or a git blob id seen stored before), else <c>git-&lt;oid&gt;</c>, else the artifact's id. Fetches of the
/// same key wait for each other, across processes (the blob lock) and within one (a pull-through's readers).
/// </summary>
public static class ContentKey
{
    public static string Of(string? knownSha256, string? gitBlobOid, Guid artifactId) =>
        knownSha256 ?? $"git-{gitBlobOid ?? artifactId.ToString("N")}";
}
