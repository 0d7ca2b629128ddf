namespace ModelHub.Api.Management.Sync;

internal sealed record SyncRequest(string? RepoId, string? Revision, string? RepoType);
