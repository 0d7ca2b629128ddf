using System.Security.Cryptography;
using System.Text;
using ModelHub.Api.HubCompatibility.Repositories;

namespace ModelHub.Api.HubCompatibility.Metadata;

/// <summary>
/// The folders of a commit, rebuilt from its files, with their git tree ids (SHA-1 of git's tree
/// object: entries sorted git's way, files as mode 100644, folders as 40000), so directory entries
/// carry the <c>oid</c> Python requires, equal to the Hub's for ordinary repositories.
/// </summary>
internal sealed class CommitTree
{
    private readonly Dictionary<string, string> _folderOids = new(StringComparer.Ordinal);

    public CommitTree(IReadOnlyCollection<HubFile> files)
    {
        var children = new Dictionary<string, List<(string Name, bool IsFolder, string Oid)>>(StringComparer.Ordinal) { [""] = [] };
        foreach (var file in files)
        {
            var parent = Parent(file.Path);
            AddFolder(children, parent);
            children[parent].Add((Name(file.Path), false, file.Oid));
        }

        // Deepest folders first, so every sub-folder's id is known before its parent's.
        foreach (var folder in children.Keys.OrderByDescending(f => f.Length == 0 ? 0 : f.Count(c => c == '/') + 1).ToList())
        {
            var oid = TreeOid(children[folder]);
            _folderOids[folder] = oid;
            if (folder.Length > 0)
            {
                children[Parent(folder)].Add((Name(folder), true, oid));
            }
        }
    }

    /// <summary>Every folder but the root.</summary>
    public IEnumerable<string> Folders => _folderOids.Keys.Where(f => f.Length > 0);

    public bool IsFolder(string path) => _folderOids.ContainsKey(path);

    public string FolderOid(string path) => _folderOids[path];

    public static string Parent(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : "";

    private static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static void AddFolder(Dictionary<string, List<(string, bool, string)>> children, string folder)
    {
        while (children.TryAdd(folder, []))
        {
            folder = Parent(folder);
        }
    }

    private static string TreeOid(List<(string Name, bool IsFolder, string Oid)> entries)
    {
        using var body = new MemoryStream();
        foreach (var (name, isFolder, oid) in entries.OrderBy(e => e.IsFolder ? e.Name + "/" : e.Name, StringComparer.Ordinal))
        {
            body.Write(Encoding.UTF8.GetBytes($"{(isFolder ? "40000" : "100644")} {name}\0"));
            body.Write(oid.Length == 40 ? Convert.FromHexString(oid) : new byte[20]);
        }

        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(Encoding.ASCII.GetBytes($"tree {body.Length}\0"));
        sha1.AppendData(body.GetBuffer().AsSpan(0, (int)body.Length));
        return Convert.ToHexStringLower(sha1.GetHashAndReset());
    }
}
