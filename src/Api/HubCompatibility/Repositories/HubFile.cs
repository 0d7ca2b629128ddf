using ModelHub.Storage;

namespace ModelHub.Api.HubCompatibility.Repositories;

/// <summary>One file of a synced commit, as the Hub routes need it (or of a commit being synced, described by the upstream).</summary>
internal sealed record HubFile(Guid Id, string Path, long Size, string? GitBlobOid, string? LfsSha256, string? ContentHash)
{
    /// <summary>Whether the file has its row (its id): false while its commit's sync has not recorded it yet.</summary>
    public bool IsRecorded => Id != Guid.Empty;

    public bool IsLfs => LfsSha256 is not null;

    /// <summary>What clients name the file by (the ETag, the cache's blob name): the SHA-256 for LFS files, else the git blob id.</summary>
    public string ETag => LfsSha256 ?? GitBlobOid ?? ContentHash ?? "";

    /// <summary>The git blob id of what git stores: for an LFS file, its pointer's.</summary>
    public string Oid => GitBlobOid ?? (LfsSha256 is { } sha256 ? GitBlobHash.Of(LfsPointer.Bytes(sha256, Size)) : "");
}
