using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Api;

/// <summary>
/// Finds the repository id in a request path. An id is <c>namespace/name</c> or, for legacy and
/// canonical repositories, one segment (<c>gpt2</c>), so the id ends where the route's next keyword
/// (<c>revision</c>, <c>tree</c>, <c>resolve</c>, …) can follow it. When both readings fit, the one
/// the catalog knows wins, then the two-segment one.
/// </summary>
internal static class RepoRoute
{
    private static readonly HashSet<string> ApiActions = new(StringComparer.Ordinal) { "revision", "tree", "paths-info" };
    private static readonly HashSet<string> FileActions = new(StringComparer.Ordinal) { "resolve", "raw" };

    /// <summary>The id after <c>/api/{type}s/</c>: followed by the end of the path, a trailing slash or an API action.</summary>
    public static (RepoTarget Target, int Next)? ForApi(RepoCatalog catalog, RepoType type, string[] raw, int start) =>
        Find(catalog, type, raw, start, (after, isLast) => after is null || (after.Length == 0 && isLast) || ApiActions.Contains(after));

    /// <summary>The id of a file URL: followed by <c>resolve</c> or <c>raw</c>.</summary>
    public static (RepoTarget Target, int Next)? ForFiles(RepoCatalog catalog, RepoType type, string[] raw, int start) =>
        Find(catalog, type, raw, start, (after, _) => after is not null && FileActions.Contains(after));

    private static (RepoTarget Target, int Next)? Find(
        RepoCatalog catalog, RepoType type, string[] raw, int start, Func<string?, bool, bool> endsId)
    {
        (RepoTarget, int)? fallback = null;
        foreach (var length in (int[])[2, 1])
        {
            var next = start + length;
            if (next > raw.Length)
            {
                continue;
            }

            var parts = raw[start..next].Select(Uri.UnescapeDataString).ToArray();
            var after = next < raw.Length ? Uri.UnescapeDataString(raw[next]) : null;
            if (parts.Any(p => p.Length == 0 || p.Contains('/')) || !endsId(after, next == raw.Length - 1))
            {
                continue;
            }

            var target = new RepoTarget(type, string.Join('/', parts),
                "/" + string.Concat(raw[..start].Select(s => s + "/")),
                string.Concat(raw[next..].Select(s => "/" + s)));
            if (catalog.Locate(type, target.Id) != default)
            {
                return (target, next);
            }

            fallback ??= (target, next);
        }

        return fallback;
    }
}
