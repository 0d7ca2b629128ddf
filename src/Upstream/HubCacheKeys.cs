namespace ModelHub.Upstream;

/// <summary>Cache keys and tags of upstream metadata; the endpoint is part of each, so two upstreams never mix.</summary>
internal static class HubCacheKeys
{
    // A repository is named as the Hub's addresses name it (datasets/ before a dataset), so a model and a dataset of one id never share a key.
    public static string RepoInfo(string endpoint, HubRepo repo, string revision) => $"upstream:{endpoint}:info:{repo}@{revision}";

    public static string Tree(string endpoint, HubRepo repo, string commit) => $"upstream:{endpoint}:tree:{repo}@{commit}";

    public static string Repo(string endpoint, HubRepo repo) => $"upstream:{endpoint}:repo:{repo}";

    /// <summary>Whether <paramref name="revision"/> is a full commit id, whose metadata never changes.</summary>
    public static bool IsCommit(string revision) => revision.Length == 40 && revision.All(char.IsAsciiHexDigitLower);
}
