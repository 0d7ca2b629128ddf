using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Api;

/// <summary>
/// The repository a request names: its type, its id as sent, and the raw path before and after the
/// id, so that a redirect to a renamed repository swaps the id and keeps the rest as the client sent it.
/// </summary>
internal sealed record RepoTarget(RepoType Type, string Id, string PathBefore, string PathAfter)
{
    /// <summary>This request's path and query with <paramref name="currentId"/> in place of the id: relative, as the Hub sends it.</summary>
    public string Relocated(string currentId, QueryString query) => PathBefore + currentId + PathAfter + query.Value;
}
