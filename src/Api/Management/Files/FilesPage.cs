namespace ModelHub.Api.Management.Files;

public sealed record FilesPage(
    string RepoId, string? Revision, string Commit, IReadOnlyList<ArtifactResponse> Items, IReadOnlyList<DirectoryResponse>? Directories, string? NextCursor);
