using ModelHub.Contracts.Repositories;

namespace ModelHub.Storage.CacheView;

/// <summary>What a rebuild needs of the view: every entry it holds, and a way to take the wrong ones out without tearing readers.</summary>
public sealed partial class HfCacheView
{
    /// <summary>The repository folders the view holds, by name; names that are no repository folder (<c>.locks</c>) are not the view's.</summary>
    public IEnumerable<string> Folders() =>
        IsOn && Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>().Where(name => HfCacheNames.TryParseRepositoryFolder(name, out _, out _))
            : [];

    /// <summary>Every entry of every repository folder in the view.</summary>
    public IEnumerable<ViewEntry> Walk() => Folders().ToList().SelectMany(Walk);

    /// <summary>Every entry of one repository folder (<paramref name="folder"/>, as <see cref="Folders"/> names it); none when it is not there.</summary>
    public IEnumerable<ViewEntry> Walk(string folder)
    {
        var path = RepoPaths.Resolve(Root ?? throw new InvalidOperationException("The cache view is off."), folder);
        if (!Directory.Exists(path))
        {
            yield break;
        }

        foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos())
        {
            var entries = entry switch
            {
                DirectoryInfo { Name: "snapshots", LinkTarget: null } snapshots => Below(snapshots, folder, SnapshotEntry),
                DirectoryInfo { Name: "blobs", LinkTarget: null } blobs => Below(blobs, folder, BlobEntry),
                DirectoryInfo { Name: "refs", LinkTarget: null } refs => Below(refs, folder, RefEntry),
                _ => [new ViewEntry(ViewEntryKind.Stray, folder, entry.Name)],
            };
            foreach (var found in entries)
            {
                yield return found;
            }
        }
    }

    /// <summary>
    /// Deletes entries a <see cref="Walk(string)"/> found: snapshot links first, blobs last, then the folders they left empty (a
    /// snapshot folder stays while a ref names it); a repository folder left with no file goes. Returns how many went.
    /// </summary>
    public int Delete(IReadOnlyCollection<ViewEntry> entries)
    {
        var root = Root ?? throw new InvalidOperationException("The cache view is off.");
        var order = new[] { ViewEntryKind.SnapshotLink, ViewEntryKind.Ref, ViewEntryKind.Stray, ViewEntryKind.Blob };
        foreach (var entry in entries.OrderBy(e => Array.IndexOf(order, e.Kind)))
        {
            var path = RepoPaths.Resolve(Path.Combine(root, entry.Folder), entry.RelativePath);
            if (new DirectoryInfo(path) is { Exists: true, LinkTarget: null })
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                DeleteFile(path);
            }
        }

        foreach (var folder in entries.Select(e => e.Folder).Distinct(StringComparer.Ordinal))
        {
            TidyFolder(RepoPaths.Resolve(root, folder));
        }

        return entries.Count;
    }

    private static void TidyFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        var refs = Path.Combine(folder, "refs");
        var named = Directory.Exists(refs)
            ? Directory.EnumerateFiles(refs, "*", SearchOption.AllDirectories).Select(File.ReadAllText).ToHashSet(StringComparer.Ordinal)
            : [];
        foreach (var part in new[] { "snapshots", "refs" }.Select(p => Path.Combine(folder, p)).Where(Directory.Exists))
        {
            foreach (var below in Directory.EnumerateDirectories(part, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).ToList())
            {
                var snapshotOfARef = Path.GetDirectoryName(below) == Path.Combine(folder, "snapshots") && named.Contains(Path.GetFileName(below));
                if (!snapshotOfARef)
                {
                    PruneEmptyFolders(below, part);
                }
            }
        }

        if (!Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any())
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IEnumerable<ViewEntry> Below(DirectoryInfo part, string folder, Func<string, string, FileSystemInfo, ViewEntry> entry) =>
        part.EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(info => info is not DirectoryInfo { LinkTarget: null })
            .Select(info => entry(folder, $"{part.Name}/{Path.GetRelativePath(part.FullName, info.FullName).Replace(Path.DirectorySeparatorChar, '/')}", info));

    private static ViewEntry SnapshotEntry(string folder, string relative, FileSystemInfo info) =>
        info.LinkTarget is { } target && StoreInventory.IsGitSha1(relative.Split('/')[1])
            ? new ViewEntry(ViewEntryKind.SnapshotLink, folder, relative, LinkTarget: target)
            : new ViewEntry(ViewEntryKind.Stray, folder, relative);

    private static ViewEntry BlobEntry(string folder, string relative, FileSystemInfo info) =>
        relative.Split('/') is [_, var name] && IsBlobName(name)
            ? new ViewEntry(ViewEntryKind.Blob, folder, relative)
            : new ViewEntry(ViewEntryKind.Stray, folder, relative);

    private static ViewEntry RefEntry(string folder, string relative, FileSystemInfo info) =>
        info.LinkTarget is null && File.ReadAllText(info.FullName) is var commit && StoreInventory.IsGitSha1(commit)
            ? new ViewEntry(ViewEntryKind.Ref, folder, relative, Commit: commit)
            : new ViewEntry(ViewEntryKind.Stray, folder, relative);
}
