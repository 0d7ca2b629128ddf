namespace ModelHub.Api.Management.Jobs;

internal sealed record JobPage(IReadOnlyList<JobResponse> Items, string? NextCursor);
