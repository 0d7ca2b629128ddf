using ModelHub.Contracts.Repositories;
using ModelHub.IntegrationTests.HubCompatibility;

namespace ModelHub.IntegrationTests.Scans;

/// <summary>What the cache view tests look at: a repository's folder in the view, its entries, links that lead nowhere.</summary>
internal static class CacheViewSteps
{
    public static string ViewFolder(this ScanFixture fixture, string repoId, RepoType type = RepoType.Model) =>
        Path.Combine(fixture.CacheViewRoot, HfCacheNames.RepositoryFolder(type, repoId));

    /// <summary>The entries of a repository's folder in the view (type, link target, SHA-256 of the bytes read), by path relative to the view.</summary>
    public static Dictionary<string, CacheEntry> ViewLayout(this ScanFixture fixture, string repoId, RepoType type = RepoType.Model)
    {
        var folder = fixture.ViewFolder(repoId, type);
        var name = Path.GetFileName(folder);
        return Directory.Exists(folder)
            ? ExtractedCache.Layout(folder).ToDictionary(e => $"{name}/{e.Key}", e => e.Value).Append(new(name, new CacheEntry("directory", null, null))).ToDictionary()
            : [];
    }

    /// <summary>Waits until the view links every one of <paramref name="paths"/> in <paramref name="commit"/>'s snapshot and <c>refs/main</c> names that commit.</summary>
    public static Task ViewShowsAsync(this ScanFixture fixture, string repoId, string commit, IEnumerable<string> paths, RepoType type = RepoType.Model)
    {
        var folder = fixture.ViewFolder(repoId, type);
        var refs = Path.Combine(folder, "refs", "main");
        return Poll.UntilAsync(
            () => Task.FromResult(paths.All(p => new FileInfo(Path.Combine(folder, "snapshots", commit, p)).LinkTarget is not null)
                && File.Exists(refs) && File.ReadAllText(refs) == commit),
            shown => shown,
            TimeSpan.FromSeconds(20),
            _ => $"the cache view does not show {repoId} at {commit}; it holds {string.Join(", ", fixture.ViewLayout(repoId, type).Select(e => $"{e.Key} ({e.Value.Type})"))}");
    }

    /// <summary>Every symbolic link under the view whose target does not exist.</summary>
    public static List<string> DanglingLinks(this ScanFixture fixture) =>
        [.. new DirectoryInfo(fixture.CacheViewRoot).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Where(e => e.LinkTarget is not null && e.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true })
            .Select(e => Path.GetRelativePath(fixture.CacheViewRoot, e.FullName))];

    /// <summary>The file's inode number: two names with one inode are one copy of the bytes.</summary>
    public static async Task<string> InodeAsync(string path) =>
        (await ExternalProcess.RunCheckedAsync("stat", "-c", "%i", path)).Output.Trim();
}
