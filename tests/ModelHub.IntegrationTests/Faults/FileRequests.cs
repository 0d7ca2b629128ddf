using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.IntegrationTests.Faults;

/// <summary>The simulator's answers for one file's bytes: the resolve of a regular file, the CDN's of an LFS one.</summary>
internal static class FileRequests
{
    /// <summary>
    /// The answers since <paramref name="since"/>, once at least <paramref name="expected"/> of them are <paramref name="counted"/>
    /// (all by default): an abandoned answer is logged when the client has closed the connection, which it may do only after
    /// trying to drain it for up to two seconds.
    /// </summary>
    public static async Task<List<SimRequest>> WaitForAsync(
        RepoCatalog catalog, string repoId, string path, DateTimeOffset since, int expected, Func<SimRequest, bool>? counted = null)
    {
        counted ??= _ => true;
        var file = catalog[repoId].Main.File(path);
        List<SimRequest> Requests() => [.. catalog.Requests.Snapshot()
            .Where(r => r.At >= since && r.RepoId == repoId && (file.IsLfs
                ? r.Kind == "cdn" && r.Path.EndsWith(file.Sha256, StringComparison.Ordinal)
                : r.Kind == "resolve" && r.Path.EndsWith("/" + path, StringComparison.Ordinal)))
            .OrderBy(r => r.At)];
        await Poll.UntilAsync(() => Requests().Count(counted) >= expected, TimeSpan.FromSeconds(10), $"{expected} answers for {path}");
        return Requests();
    }
}
