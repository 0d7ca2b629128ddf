namespace ModelHub.Api.Management.Repositories;

internal sealed record RegisterRepositoryRequest(string? RepoId, string? Revision, string? RepoType);
