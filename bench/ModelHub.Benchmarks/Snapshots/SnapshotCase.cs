namespace ModelHub.Benchmarks.Snapshots;

/// <summary>A repository, and the files of it a snapshot selects.</summary>
internal sealed record SnapshotCase(string Label, string RepoType, string Repo, string[] Include)
{
    public string FilePrefix => RepoType == "dataset" ? $"/datasets/{Repo}" : $"/{Repo}";

    public string ApiFolder => RepoType == "dataset" ? "/api/datasets" : "/api/models";
}
