using System.Text.Json;
using ModelHub.Contracts.Repositories;
using ModelHub.Storage;

namespace ModelHub.ScanService.Import;

/// <summary>
/// One repository folder of a Hugging Face cache, <c>models--org--name/</c> or <c>datasets--org--name/</c>: its refs, its snapshots
/// (symlinks into <c>blobs/</c>, or real files in a no-symlink cache) and, from newer clients, a manifest
/// per commit. Only reads; every path it yields stays inside the folder.
/// </summary>
internal sealed class HfCacheFolder
{
    private HfCacheFolder(string root, RepoType repoType, string repoId)
    {
        Root = root;
        RepoType = repoType;
        RepoId = repoId;
    }

    public string Root { get; }

    public RepoType RepoType { get; }

    /// <summary><c>org/name</c>.</summary>
    public string RepoId { get; }

    /// <summary>
    /// The repository folders at <paramref name="path"/>: the folder itself when it is one, else those
    /// directly in it. Folders of another kind or with an id ModelHub cannot keep are reported.
    /// </summary>
    public static IEnumerable<HfCacheFolder> Find(string path, Action<string> problem)
    {
        var folders = HfCacheNames.TryParseRepositoryFolder(System.IO.Path.GetFileName(path.TrimEnd('/')), out _, out _)
            ? [new DirectoryInfo(path)]
            : new DirectoryInfo(path).EnumerateDirectories().Where(d => d.Name.Contains("--", StringComparison.Ordinal));
        foreach (var folder in folders.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (!HfCacheNames.TryParseRepositoryFolder(folder.Name, out var type, out var repoId))
            {
                problem($"skipped: {folder.Name} is not a model or dataset repository folder (models--org--name, datasets--org--name)");
                continue;
            }

            yield return new HfCacheFolder(folder.FullName, type, repoId);
        }
    }

    /// <summary>Each ref (<c>main</c>, <c>refs/pr/1</c>) and the commit it names.</summary>
    public Dictionary<string, string> ReadRefs(Action<string> problem)
    {
        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        var folder = System.IO.Path.Combine(Root, "refs");
        if (!Directory.Exists(folder))
        {
            return refs;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var name = System.IO.Path.GetRelativePath(folder, file).Replace('\\', '/');
            var commit = File.ReadAllText(file).Trim();
            if (StoreInventory.IsGitSha1(commit) && name.Length <= 255 && RepoPaths.Validate(name) is null)
            {
                refs[name] = commit;
            }
            else
            {
                problem($"skipped ref: {RepoId} refs/{name} does not hold a commit id");
            }
        }

        return refs;
    }

    /// <summary>The files of every snapshot; broken links, links out of the folder and unsafe paths are reported and skipped.</summary>
    public IEnumerable<SnapshotFile> ReadSnapshots(Action<string> skipped)
    {
        var snapshots = new DirectoryInfo(System.IO.Path.Combine(Root, "snapshots"));
        if (!snapshots.Exists)
        {
            yield break;
        }

        var blobs = System.IO.Path.Combine(Root, "blobs") + System.IO.Path.DirectorySeparatorChar;
        foreach (var snapshot in snapshots.EnumerateDirectories().Where(d => StoreInventory.IsGitSha1(d.Name)))
        {
            foreach (var entry in snapshot.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            {
                var path = System.IO.Path.GetRelativePath(snapshot.FullName, entry.FullName).Replace('\\', '/');
                var where = $"{RepoId}@{snapshot.Name[..8]}:{path}";
                if (RepoPaths.Validate(path) is { } unsafePath)
                {
                    skipped($"unsafe: {where} ({unsafePath})");
                    continue;
                }

                if (entry.LinkTarget is null)
                {
                    yield return new SnapshotFile(snapshot.Name, path, entry.FullName, null, entry.Length);
                    continue;
                }

                var target = entry.ResolveLinkTarget(returnFinalTarget: true);
                if (target is null || !target.Exists)
                {
                    skipped($"missing: {where} links to a blob that is not there");
                }
                else if (!target.FullName.StartsWith(blobs, StringComparison.Ordinal))
                {
                    skipped($"unsafe: {where} links outside the cache's blobs/ folder");
                }
                else
                {
                    yield return new SnapshotFile(snapshot.Name, path, target.FullName, target.Name, new FileInfo(target.FullName).Length);
                }
            }
        }
    }

    /// <summary>Blobs a download left unfinished (<c>&lt;etag&gt;.incomplete</c>, <c>&lt;etag&gt;.&lt;8 hex&gt;.incomplete</c>).</summary>
    public IEnumerable<string> IncompleteBlobs()
    {
        var blobs = System.IO.Path.Combine(Root, "blobs");
        return Directory.Exists(blobs) ? new DirectoryInfo(blobs).EnumerateFiles("*.incomplete").Select(f => f.Name) : [];
    }

    /// <summary>The manifest of a commit (<c>trees/&lt;commit&gt;.json</c>), when the cache has one.</summary>
    public Dictionary<string, ManifestEntry>? ReadManifest(string commit, Action<string> problem)
    {
        var file = System.IO.Path.Combine(Root, "trees", commit + ".json");
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(file));
            var entries = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
            foreach (var entry in json.RootElement.GetProperty("files").EnumerateObject())
            {
                var value = entry.Value;
                var lfsSha256 = value.TryGetProperty("lfs_sha256", out var lfs) && lfs.ValueKind == JsonValueKind.String ? lfs.GetString() : null;
                var size = value.TryGetProperty("lfs_size", out var lfsSize) && lfsSize.ValueKind == JsonValueKind.Number ? lfsSize.GetInt64() : value.GetProperty("size").GetInt64();
                var blobId = value.TryGetProperty("blob_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
                if (RepoPaths.Validate(entry.Name) is null && size >= 0)
                {
                    entries[entry.Name] = new ManifestEntry(
                        size, blobId is not null && StoreInventory.IsGitSha1(blobId) ? blobId : null,
                        lfsSha256 is not null && StoreInventory.IsSha256(lfsSha256) ? lfsSha256 : null);
                }
            }

            return entries;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            problem($"ignored: {RepoId} trees/{commit}.json is not a manifest ({e.Message})");
            return null;
        }
    }

}
