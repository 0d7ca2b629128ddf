namespace ModelHub.Upstream;

/// <summary>Cache keys and tags of upstream metadata; the endpoint is part of each, so two upstreams never mix.</summary>
internal static class HubCacheKeys
{
    public static string ModelInfo(string endpoint, string repoId, string revision) => $"upstream:{endpoint}:info:{repoId}@{revision}";

    public static string Tree(string endpoint, string repoId, string commit) => $"upstream:{endpoint}:tree:{repoId}@{commit}";

    public static string Repo(string endpoint, string repoId) => $"upstream:{endpoint}:repo:{repoId}";

    /// <summary>Whether <paramref name="revision"/> is a full commit id, whose metadata never changes.</summary>
    public static bool IsCommit(string revision) => revision.Length == 40 && revision.All(char.IsAsciiHexDigitLower);
}
