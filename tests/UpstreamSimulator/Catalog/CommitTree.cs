using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>An entry of a commit's tree: a file, or a directory (<see cref="File"/> is null).</summary>
public sealed record TreeNode(string Path, SimFile? File)
{
    public bool IsDirectory => File is null;

    /// <summary>The folder that holds the entry ("" for the root).</summary>
    public string Parent => ParentOf(Path);

    internal static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "" : path[..slash];
    }
}

/// <summary>
/// A commit's files and directories in depth-first order (each folder before its content), with
/// git tree ids for the directories, computed on first need.
/// </summary>
internal sealed class CommitTree
{
    private readonly Dictionary<string, TreeNode> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TreeNode>> _children = new(StringComparer.Ordinal);
    private readonly Lazy<Dictionary<string, string>> _directoryOids;

    public CommitTree(IEnumerable<SimFile> files)
    {
        foreach (var file in files)
        {
            // Most files share their folder with the one before: stop at the first folder already known.
            for (var folder = TreeNode.ParentOf(file.Path); folder.Length > 0 && !_byPath.ContainsKey(folder); folder = TreeNode.ParentOf(folder))
            {
                Add(new TreeNode(folder, null));
            }

            Add(new TreeNode(file.Path, file));
        }

        All = [.. _byPath.Values.OrderBy(n => n.Path, DepthFirst.Instance)];
        _directoryOids = new Lazy<Dictionary<string, string>>(ComputeDirectoryOids);
    }

    public IReadOnlyList<TreeNode> All { get; }

    public TreeNode? Find(string path) => _byPath.GetValueOrDefault(path);

    public IEnumerable<TreeNode> List(string folder, bool recursive)
    {
        if (recursive)
        {
            return folder.Length == 0 ? All : All.Where(n => n.Path.StartsWith(folder + "/", StringComparison.Ordinal));
        }

        return _children.TryGetValue(folder, out var children)
            ? children.OrderBy(n => n.Path, DepthFirst.Instance)
            : [];
    }

    public string DirectoryOid(string path) => _directoryOids.Value[path];

    public string RootOid => _directoryOids.Value[""];

    private void Add(TreeNode node)
    {
        if (_byPath.TryAdd(node.Path, node))
        {
            var parent = node.Parent;
            if (!_children.TryGetValue(parent, out var siblings))
            {
                _children[parent] = siblings = [];
            }

            siblings.Add(node);
        }
    }

    private Dictionary<string, string> ComputeDirectoryOids()
    {
        var oids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in _children.Keys.OrderByDescending(k => k.Count(c => c == '/')).ThenByDescending(k => k.Length))
        {
            oids[folder] = TreeOidOf(folder, oids);
        }

        oids.TryAdd("", GitObjects.TreeId([]));
        foreach (var node in All.Where(n => n.IsDirectory && !oids.ContainsKey(n.Path)))
        {
            oids[node.Path] = GitObjects.TreeId([]);
        }

        return oids;
    }

    private string TreeOidOf(string folder, Dictionary<string, string> oids) =>
        GitObjects.TreeId(_children[folder].Select(child =>
        {
            var name = folder.Length == 0 ? child.Path.TrimStart('/') : child.Path[(folder.Length + 1)..];
            var oid = child.IsDirectory ? oids.GetValueOrDefault(child.Path) ?? GitObjects.TreeId([]) : child.File!.GitOid;
            return (name, child.IsDirectory, oid);
        }));

    /// <summary>Ordinal order with '/' below every other character, so a folder's content follows it directly.</summary>
    private sealed class DepthFirst : IComparer<string>
    {
        public static readonly DepthFirst Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? "").AsSpan();
            var b = (y ?? "").AsSpan();
            var common = a.CommonPrefixLength(b);
            return common < a.Length && common < b.Length
                ? Rank(a[common]).CompareTo(Rank(b[common]))
                : a.Length.CompareTo(b.Length);
        }

        private static int Rank(char c) => c == '/' ? -1 : c;
    }
}
