namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>One commit of a repository: an immutable set of files.</summary>
public sealed class SimCommit
{
    internal SimCommit(CommitStamp stamp, string? parentSha, IEnumerable<SimFile> files)
    {
        Stamp = stamp;
        ParentSha = parentSha;
        Tree = new CommitTree(files);
        Files = [.. Tree.All.Where(n => !n.IsDirectory).Select(n => n.File!)];
    }

    /// <summary>Lowercase 40-hex commit id.</summary>
    public string Sha => Stamp.Sha;

    public string Title => Stamp.Title;

    public DateTimeOffset Date => Stamp.Date;

    public CommitStamp Stamp { get; }

    public string? ParentSha { get; }

    /// <summary>Every file, in the order the tree lists them.</summary>
    public IReadOnlyList<SimFile> Files { get; }

    public long TotalBytes => Files.Sum(f => f.Size);

    internal CommitTree Tree { get; }

    public SimFile? FindFile(string path) => Tree.Find(path)?.File;

    public SimFile File(string path) =>
        FindFile(path) ?? throw new KeyNotFoundException($"Commit {Sha} has no file '{path}'.");
}
