namespace ModelHub.Jobs.Kinds;

/// <summary>A sync job: record what a repository holds at a revision.</summary>
/// <param name="RepoType"><c>model</c> or <c>dataset</c>; a payload without one is a model's.</param>
public sealed record SyncPayload(string RepoId, string Revision, string RepoType = "model");
