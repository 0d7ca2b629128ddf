using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Repositories;

namespace ModelHub.Storage.CacheView;

/// <summary>
/// The store as a Hugging Face cache folder (huggingface-hub-api.md §8), for nodes that read it with <c>HF_HUB_CACHE</c>
/// and <c>HF_HUB_OFFLINE=1</c>: <c>{models|datasets}--org--name/</c> with <c>blobs/{etag}</c> (a hard link to the store's
/// blob, so no byte is stored twice; a symbolic link when the view is on another file system), <c>snapshots/{commit}/{path}</c>
/// (a relative link to its blob) and <c>refs/{revision}</c> (the commit).
/// <para>
/// Readers are never torn: every name appears by a rename of a complete entry staged beside it (as
/// <c>blobs/*.incomplete</c>, which the clients' tools skip), a blob before the links to it; removals take the links first,
/// then the blob. Callers serialise changes to one blob under its lock.
/// </para>
/// </summary>
public sealed partial class HfCacheView(BlobStore store, IOptions<CacheViewOptions> options)
{
    private const string StagedSuffix = ".incomplete";

    /// <summary>The view's folder; null when the view is off.</summary>
    public string? Root { get; } = string.IsNullOrWhiteSpace(options.Value.Folder) ? null : Path.GetFullPath(options.Value.Folder);

    [MemberNotNullWhen(true, nameof(Root))]
    public bool IsOn => Root is not null;

    /// <summary>Whether the repository's id makes a cache folder name (ids the Hub accepts do; what else a database may hold, not always).</summary>
    public static bool CanShow(RepoType type, string repoId) => HfCacheNames.TryParseRepositoryFolder(HfCacheNames.RepositoryFolder(type, repoId), out _, out _);

    /// <summary>Whether the view has a folder for the repository.</summary>
    public bool Shows(RepoType type, string repoId) => Directory.Exists(FolderOf(type, repoId));

    /// <summary>Whether the repository's folder has a snapshot folder for <paramref name="commit"/>.</summary>
    public bool HasSnapshot(RepoType type, string repoId, string commit) =>
        Directory.Exists(Path.Combine(FolderOf(type, repoId), "snapshots", RequireCommit(commit)));

    /// <summary>
    /// Shows a stored file: its blob (unless the view has it), then its snapshot link (unless it is there already).
    /// False, with nothing added, when the store does not hold the blob.
    /// </summary>
    public bool Add(ViewFile file)
    {
        var folder = FolderOf(file.Type, file.RepoId);
        var blob = Path.Combine(folder, "blobs", RequireBlobName(file.BlobName));
        var link = RepoPaths.Resolve(Path.Combine(folder, "snapshots", RequireCommit(file.Commit)), file.Path);
        var source = store.BlobPath(file.Sha256);
        var blobShown = Resolves(blob);
        if (!blobShown && !File.Exists(source))
        {
            return false;
        }

        CreateFolder(folder);
        if (!blobShown)
        {
            var staged = StagedName(folder);
            if (!HardLinks.TryCreate(source, staged))
            {
                if (!File.Exists(source))
                {
                    return false;
                }

                // Another file system (or one without hard links): the nodes must then see the store at the same relative place.
                File.CreateSymbolicLink(staged, Path.GetRelativePath(Path.GetDirectoryName(blob)!, source));
            }

            File.Move(staged, blob, overwrite: true);
        }

        if (new FileInfo(link).LinkTarget != file.LinkTarget)
        {
            var staged = StagedName(folder);
            File.CreateSymbolicLink(staged, file.LinkTarget);
            MoveInto(staged, link);
        }

        return true;
    }

    /// <summary>
    /// Takes files out of the view: every snapshot link of <paramref name="files"/> first, then their blobs (all of a blob's
    /// links must be among them), then the folders that emptied below each snapshot.
    /// </summary>
    public void Remove(IReadOnlyCollection<ViewFile> files)
    {
        foreach (var file in files)
        {
            var snapshot = Path.Combine(FolderOf(file.Type, file.RepoId), "snapshots", RequireCommit(file.Commit));
            var link = RepoPaths.Resolve(snapshot, file.Path);
            DeleteFile(link);
            PruneEmptyFolders(Path.GetDirectoryName(link)!, snapshot);
        }

        foreach (var file in files.DistinctBy(f => (f.Type, f.RepoId, f.BlobName)))
        {
            DeleteFile(Path.Combine(FolderOf(file.Type, file.RepoId), "blobs", RequireBlobName(file.BlobName)));
        }
    }

    /// <summary>
    /// Makes <c>refs/</c> say what <paramref name="refs"/> (revision → commit, commits themselves left out) says, and no
    /// more; each ref's snapshot folder is made first, as the clients' tools refuse a ref to a commit they cannot find.
    /// </summary>
    public void SetRefs(RepoType type, string repoId, IReadOnlyDictionary<string, string> refs)
    {
        var folder = CreateFolder(FolderOf(type, repoId));
        var refsFolder = Path.Combine(folder, "refs");
        foreach (var (name, commit) in refs)
        {
            if (StoreInventory.IsGitSha1(name))
            {
                continue;
            }

            var path = RepoPaths.Resolve(refsFolder, name);
            if (File.Exists(path) && File.ReadAllText(path) == commit)
            {
                continue;
            }

            Directory.CreateDirectory(Path.Combine(folder, "snapshots", RequireCommit(commit)));
            var staged = StagedName(folder);
            File.WriteAllText(staged, commit);
            MoveInto(staged, path);
        }

        foreach (var path in Directory.EnumerateFiles(refsFolder, "*", SearchOption.AllDirectories))
        {
            if (!refs.ContainsKey(Path.GetRelativePath(refsFolder, path).Replace(Path.DirectorySeparatorChar, '/')))
            {
                DeleteFile(path);
                PruneEmptyFolders(Path.GetDirectoryName(path)!, refsFolder);
            }
        }
    }

    /// <summary>The repository's folder in the view (not created), after checking that its id makes a plain folder name.</summary>
    private string FolderOf(RepoType type, string repoId)
    {
        var root = Root ?? throw new InvalidOperationException($"The cache view is off: set {CacheViewOptions.Section}:{nameof(CacheViewOptions.Folder)}.");
        return CanShow(type, repoId)
            ? RepoPaths.Resolve(root, HfCacheNames.RepositoryFolder(type, repoId))
            : throw new ArgumentException($"'{repoId}' makes no cache folder name", nameof(repoId));
    }

    /// <summary>The repository's folder with the three folders the clients' tools expect in it.</summary>
    private static string CreateFolder(string folder)
    {
        foreach (var part in new[] { "blobs", "refs", "snapshots" })
        {
            Directory.CreateDirectory(Path.Combine(folder, part));
        }

        return folder;
    }

    private static string StagedName(string folder) => Path.Combine(folder, "blobs", $".modelhub-{Guid.NewGuid():N}{StagedSuffix}");

    /// <summary>Renames a staged entry onto <paramref name="path"/>, making its folders (again, if a removal pruned them meanwhile).</summary>
    private static void MoveInto(string staged, string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                File.Move(staged, path, overwrite: true);
                return;
            }
            catch (IOException e) when (MissingFolder.Caused(e) && attempt < 3 && File.Exists(staged))
            {
            }
            catch
            {
                DeleteFile(staged);
                throw;
            }
        }
    }

    /// <summary>True when <paramref name="path"/> is a file, or a link that reaches one.</summary>
    private static bool Resolves(string path)
    {
        var info = new FileInfo(path);
        return info.Exists && (info.LinkTarget is null || info.ResolveLinkTarget(returnFinalTarget: true) is { Exists: true });
    }

    private static void DeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // its folder is gone already
        }
    }

    /// <summary>Removes <paramref name="folder"/> and its parents while they are empty, up to <paramref name="stop"/> (kept).</summary>
    private static void PruneEmptyFolders(string folder, string stop)
    {
        while (folder.Length > stop.Length && folder.StartsWith(stop + "/", StringComparison.Ordinal))
        {
            try
            {
                Directory.Delete(folder);
            }
            catch (IOException)
            {
                return; // not empty (or already gone)
            }

            folder = Path.GetDirectoryName(folder)!;
        }
    }

    private static bool IsBlobName(string name) => StoreInventory.IsSha256(name) || StoreInventory.IsGitSha1(name);

    private static string RequireBlobName(string name) =>
        IsBlobName(name) ? name : throw new ArgumentException($"'{name}' is no blob name (a SHA-256 or a git blob id)", nameof(name));

    private static string RequireCommit(string commit) =>
        StoreInventory.IsGitSha1(commit) ? commit : throw new ArgumentException($"'{commit}' is not a commit (40 lowercase hex digits)", nameof(commit));
}
