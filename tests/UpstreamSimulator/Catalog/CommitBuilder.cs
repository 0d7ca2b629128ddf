using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>
/// The files of a commit being made: it starts from the parent's files (unchanged files keep their
/// content, hashes and <c>lastCommit</c>) and records what this commit puts or removes.
/// </summary>
public sealed class CommitBuilder
{
    private readonly Dictionary<string, SimFile> _files;
    private readonly string _repoId;
    private readonly ulong _seed;

    internal CommitBuilder(string repoId, ulong seed, CommitStamp stamp, IEnumerable<SimFile> parentFiles)
    {
        _repoId = repoId;
        _seed = seed;
        Stamp = stamp;
        _files = parentFiles.ToDictionary(f => f.Path, StringComparer.Ordinal);
    }

    public CommitStamp Stamp { get; }

    /// <summary>How many commits the repository had before this one (0 for the first).</summary>
    public int Generation { get; internal init; }

    public IReadOnlyCollection<string> Paths => _files.Keys;

    public CommitBuilder Text(string path, string text, bool lfs = false) => Put(path, FileContent.FromText(text), lfs);

    public CommitBuilder Bytes(string path, byte[] bytes, bool lfs = false) => Put(path, FileContent.FromBytes(bytes), lfs);

    /// <summary>
    /// Pseudo-random bytes of the given size, generated on the fly: a different content in every
    /// commit that puts it.
    /// </summary>
    public CommitBuilder Generated(string path, long size, bool lfs = true) =>
        Put(path, FileContent.Generated(GitObjects.Seed(_seed, _repoId, path, Stamp.Sha), size), lfs);

    public CommitBuilder Put(string path, FileContent content, bool lfs)
    {
        _files[path] = new SimFile(path, content, lfs, Stamp);
        return this;
    }

    public CommitBuilder Remove(string path)
    {
        _files.Remove(path);
        return this;
    }

    internal IEnumerable<SimFile> Files => _files.Values;
}
