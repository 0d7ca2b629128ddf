using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ModelHub.UpstreamSimulator.Content;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.UpstreamSimulator.Catalog;

public enum GateMode
{
    None,
    Auto,
    Manual,
}

/// <summary>
/// A repository (a model or a dataset): its commits (old ones stay resolvable), its refs (<c>main</c>,
/// <c>refs/pr/N</c>, tags), what the info answer says about it, and its fault knobs.
/// </summary>
public sealed class SimRepo
{
    private const string DefaultBranch = "main";
    private readonly Lock _gate = new();
    private readonly ulong _seed;
    private readonly ConcurrentDictionary<string, FaultKnobs> _fileFaults = new(StringComparer.Ordinal);
    private readonly Action<CommitBuilder>? _evolve;
    private Dictionary<string, SimCommit> _commits = new(StringComparer.Ordinal);
    private Dictionary<string, SimCommit> _refs = new(StringComparer.Ordinal);
    private List<SimCommit> _history = [];

    internal SimRepo(
        string id, ulong seed, DateTimeOffset createdAt, Action<CommitBuilder> firstCommit, Action<CommitBuilder>? evolve, RepoType type = RepoType.Model)
    {
        Id = id;
        Type = type;
        _seed = seed;
        _evolve = evolve;
        CreatedAt = createdAt;
        Commit(null, "initial commit", firstCommit, DefaultBranch);
    }

    public string Id { get; }

    public RepoType Type { get; }

    /// <summary>The namespace; null for an id without one (<c>gpt2</c>).</summary>
    public string? Author => Id.Contains('/') ? Id.Split('/')[0] : null;

    public GateMode Gated { get; set; }

    /// <summary>A private repository is invisible (RepoNotFound) without the simulator's token.</summary>
    public bool Private { get; set; }

    /// <summary>When true, the gate also closes the metadata API, not only file downloads.</summary>
    public bool GatesMetadata { get; set; }

    public string? PipelineTag { get; set; }

    public string? LibraryName { get; set; }

    public IReadOnlyList<string> Tags { get; set; } = [];

    public DateTimeOffset CreatedAt { get; }

    public long Downloads { get; set; }

    public long Likes { get; set; }

    /// <summary>
    /// The YAML header of the card (README.md) as the info answer's <c>cardData</c>; null for a model
    /// lets the answer derive one from the tags.
    /// </summary>
    public JsonObject? CardData { get; set; }

    /// <summary>A dataset's <c>description</c>: the card's summary.</summary>
    public string? Description { get; set; }

    /// <summary>A dataset's <c>citation</c> (BibTeX).</summary>
    public string? Citation { get; set; }

    /// <summary>Knobs applied to every request about this repository.</summary>
    public FaultKnobs Faults { get; set; } = new();

    /// <summary>
    /// While set and not complete, tree listings of this repository wait for it (other requests do not): a test holds a
    /// sync in the middle of its listing, to show what does not wait for it.
    /// </summary>
    public Task? TreeListingHold { get; set; }

    public SimCommit Main => Resolve(DefaultBranch)!;

    /// <summary>Every commit ever made, oldest first.</summary>
    public IReadOnlyList<SimCommit> History => _history;

    public IReadOnlyDictionary<string, SimCommit> Refs => _refs;

    /// <summary>Knobs applied to the downloads of one path (in every commit).</summary>
    public FaultKnobs FileFaults(string path) => _fileFaults.GetOrAdd(path, _ => new FaultKnobs());

    public void SetFileFaults(string path, FaultKnobs knobs) => _fileFaults[path] = knobs;

    internal FaultKnobs? FindFileFaults(string path) => _fileFaults.GetValueOrDefault(path);

    public void ResetFaults()
    {
        Faults = new FaultKnobs();
        _fileFaults.Clear();
        TreeListingHold = null;
    }

    /// <summary><c>HEAD</c> (the default branch), a branch, a tag, a <c>refs/…</c> ref or a full commit id.</summary>
    public SimCommit? Resolve(string revision)
    {
        if (revision == "HEAD")
        {
            revision = DefaultBranch;
        }

        return _refs.GetValueOrDefault(revision) ?? _commits.GetValueOrDefault(revision);
    }

    /// <summary>
    /// Moves <c>main</c> to a new commit made of the current one plus <paramref name="change"/>
    /// (or the repository's own evolution, or a CHANGELOG.md update).
    /// </summary>
    public SimCommit Advance(Action<CommitBuilder>? change = null, string? title = null)
    {
        lock (_gate)
        {
            change ??= _evolve ?? (b => b.Text("CHANGELOG.md", $"# Changelog\n\nRevision {b.Generation}.\n"));
            return Commit(Main.Sha, title ?? $"Update {Id} (revision {_history.Count})", change, DefaultBranch);
        }
    }

    /// <summary>Makes a commit on <paramref name="parent"/> and points <paramref name="refName"/> at it.</summary>
    public SimCommit CommitOn(string refName, SimCommit parent, string title, Action<CommitBuilder> change)
    {
        lock (_gate)
        {
            return Commit(parent.Sha, title, change, refName);
        }
    }

    public void SetRef(string refName, SimCommit commit)
    {
        lock (_gate)
        {
            _refs = new Dictionary<string, SimCommit>(_refs, StringComparer.Ordinal) { [refName] = commit };
        }
    }

    private SimCommit Commit(string? parentSha, string title, Action<CommitBuilder> change, string refName)
    {
        var generation = _history.Count;
        // A dataset's commits differ from those of a model with the same id; a model's stay as they always were.
        var sha = GitObjects.Sha1Hex(Type == RepoType.Model ? $"{_seed}:{Id}:commit:{generation}" : $"{_seed}:{Type.Name()}:{Id}:commit:{generation}");
        var stamp = new CommitStamp(sha, title, CreatedAt.AddDays(generation).AddMinutes(17 * generation));
        var parentFiles = parentSha is null ? [] : _commits[parentSha].Files;
        var builder = new CommitBuilder(Id, _seed, stamp, parentFiles) { Generation = generation };
        change(builder);
        var commit = new SimCommit(stamp, parentSha, builder.Files);

        // Readers take the dictionaries without a lock: publish new copies, never mutate shared ones.
        _commits = new Dictionary<string, SimCommit>(_commits, StringComparer.Ordinal) { [sha] = commit };
        _history = [.. _history, commit];
        _refs = new Dictionary<string, SimCommit>(_refs, StringComparer.Ordinal) { [refName] = commit };
        return commit;
    }
}
