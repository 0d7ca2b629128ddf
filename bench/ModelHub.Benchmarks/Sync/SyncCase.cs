namespace ModelHub.Benchmarks.Sync;

/// <summary>One repository the sync benchmark syncs, and where the Hub serves it.</summary>
/// <param name="Label">The figure's name.</param>
/// <param name="RepoType"><c>model</c> or <c>dataset</c>, as the management API takes it.</param>
/// <param name="GoalSeconds">The most submit → completed may take on this machine.</param>
internal sealed record SyncCase(string Label, string RepoType, string Repo, double GoalSeconds)
{
    /// <summary>The Hub's API folder: <c>/api/models</c> or <c>/api/datasets</c>.</summary>
    public string ApiFolder => RepoType == "dataset" ? "/api/datasets" : "/api/models";

    /// <summary>What goes before <c>/resolve/</c>: <c>/org/name</c>, or <c>/datasets/org/name</c>.</summary>
    public string FilePrefix => RepoType == "dataset" ? $"/datasets/{Repo}" : $"/{Repo}";
}
