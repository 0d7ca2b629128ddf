namespace ModelHub.Api.Management.Repositories;

/// <summary>The files of the last synced commit: how many, how large, and how much of it is stored.</summary>
internal sealed record ArtifactSummary(int Files, long TotalBytes, int StoredFiles, long StoredBytes, IReadOnlyDictionary<string, int> ByStatus)
{
    public static readonly ArtifactSummary Empty = new(0, 0, 0, 0, new Dictionary<string, int>());
}
