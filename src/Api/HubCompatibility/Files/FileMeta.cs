namespace ModelHub.Api.HubCompatibility.Files;

/// <summary>What a file response says about the file, whatever sends the bytes.</summary>
/// <param name="ETag">Unquoted: the SHA-256 for LFS content, the git blob id otherwise.</param>
internal sealed record FileMeta(string Commit, string ETag, long Size);
