namespace ModelHub.Jobs.Kinds;

/// <summary>A sync job: record what a repository holds at a revision.</summary>
public sealed record SyncPayload(string RepoId, string Revision);
