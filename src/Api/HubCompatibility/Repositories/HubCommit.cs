using ModelHub.Persistence.Repositories;

namespace ModelHub.Api.HubCompatibility.Repositories;

/// <summary>A repository and the commit a requested revision resolved to.</summary>
internal sealed record HubCommit(ModelRepository Repository, string Revision, string Commit);
