namespace ModelHub.Api.Management.Repositories;

internal sealed record RepositoryPage(IReadOnlyList<RepositoryResponse> Items, string? NextCursor);
