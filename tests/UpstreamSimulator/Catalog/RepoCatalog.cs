using System.Collections.Concurrent;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>
/// The repositories the simulator serves, by type and id, the renamed ids that redirect to them,
/// the simulator-wide fault knobs and the request log. Safe to change while requests are served.
/// Members without a <see cref="RepoType"/> are about models.
/// </summary>
public sealed class RepoCatalog
{
    // Enough for any chain of renames a test makes; a loop of renames ends here instead of spinning.
    private const int MaxRenameHops = 8;
    private readonly ConcurrentDictionary<RepoKey, Lazy<SimRepo>> _repos = new();
    private readonly ConcurrentDictionary<RepoKey, string> _renames = new();
    private readonly ConcurrentDictionary<string, SimFile> _cdn = new(StringComparer.Ordinal);

    public RepoCatalog(SimulatorOptions options)
    {
        Options = options;
        foreach (var shipped in ShippedRepos.Create(options))
        {
            _repos[new RepoKey(shipped.Type, shipped.Id)] = new Lazy<SimRepo>(shipped.Create);
        }

        foreach (var (type, oldId, newId) in ShippedRepos.Renames)
        {
            Rename(type, oldId, newId);
        }
    }

    public SimulatorOptions Options { get; }

    public RequestLog Requests { get; } = new();

    /// <summary>
    /// How many stalled bodies are being held right now: each has sent its bytes up to the stall, flushed them, and will
    /// send nothing more until the client leaves. What a test reads instead of waiting to see nothing arrive.
    /// </summary>
    public int StalledBodiesHeld => Volatile.Read(ref _stalledBodiesHeld);

    /// <summary>Knobs applied to every request the simulator answers.</summary>
    public FaultKnobs Faults { get; set; } = new();

    private int _stalledBodiesHeld;

    internal IDisposable HoldStalledBody()
    {
        Interlocked.Increment(ref _stalledBodiesHeld);
        return new StalledBodyRelease(() => Interlocked.Decrement(ref _stalledBodiesHeld));
    }

    /// <summary>Every repository, models first, each type by id.</summary>
    public IReadOnlyCollection<SimRepo> Repos =>
        [.. _repos.OrderBy(r => r.Key.Type).ThenBy(r => r.Key.Id, StringComparer.Ordinal).Select(r => r.Value.Value)];

    /// <summary>The model <paramref name="repoId"/>.</summary>
    public SimRepo this[string repoId] => this[RepoType.Model, repoId];

    public SimRepo this[RepoType type, string repoId] =>
        Find(type, repoId) ?? throw new KeyNotFoundException($"The simulator has no {type.Name()} '{repoId}'.");

    /// <summary>The model <paramref name="repoId"/>, exactly as spelled (renames and other cases are not followed).</summary>
    public SimRepo? Find(string repoId) => Find(RepoType.Model, repoId);

    public SimRepo? Find(RepoType type, string repoId) =>
        _repos.TryGetValue(new RepoKey(type, repoId), out var repo) ? repo.Value : null;

    /// <summary>Adds (or replaces) a model whose first commit <paramref name="firstCommit"/> fills.</summary>
    /// <param name="evolve">What <see cref="SimRepo.Advance"/> changes when called without a change.</param>
    public SimRepo AddRepo(string repoId, Action<CommitBuilder> firstCommit, Action<CommitBuilder>? evolve = null) =>
        AddRepo(RepoType.Model, repoId, firstCommit, evolve);

    /// <summary>Adds (or replaces) a repository of <paramref name="type"/>; a model and a dataset may share an id.</summary>
    public SimRepo AddRepo(RepoType type, string repoId, Action<CommitBuilder> firstCommit, Action<CommitBuilder>? evolve = null)
    {
        var repo = new SimRepo(repoId, Options.Seed, new DateTimeOffset(2025, 1, 6, 9, 30, 0, TimeSpan.Zero), firstCommit, evolve, type);
        _repos[new RepoKey(type, repoId)] = new Lazy<SimRepo>(repo);
        return repo;
    }

    /// <summary>Removes the model <paramref name="repoId"/>.</summary>
    public bool RemoveRepo(string repoId) => RemoveRepo(RepoType.Model, repoId);

    public bool RemoveRepo(RepoType type, string repoId) => _repos.TryRemove(new RepoKey(type, repoId), out _);

    /// <summary>
    /// From now on a request naming <paramref name="oldId"/> (in any case) answers a 307 to the same
    /// URL with <paramref name="newId"/>, as the Hub does for a renamed repository, unless a
    /// repository has exactly the id <paramref name="oldId"/>.
    /// </summary>
    public void Rename(RepoType type, string oldId, string newId) => _renames[RenameKey(type, oldId)] = newId;

    public bool RemoveRename(RepoType type, string oldId) => _renames.TryRemove(RenameKey(type, oldId), out _);

    /// <summary>Clears every fault knob (simulator, repositories, files).</summary>
    public void ResetFaults()
    {
        Faults = new FaultKnobs();
        foreach (var repo in _repos.Values.Where(r => r.IsValueCreated))
        {
            repo.Value.ResetFaults();
        }
    }

    /// <summary>
    /// The repository an id names: exactly, else through renames, else in another case (the Hub's
    /// ids are case-insensitive and it redirects to the canonical spelling).
    /// </summary>
    internal RepoLookup Locate(RepoType type, string repoId)
    {
        if (Find(type, repoId) is { } repo)
        {
            return new RepoLookup(repo, null);
        }

        var current = repoId;
        for (var hop = 0; hop < MaxRenameHops && _renames.TryGetValue(RenameKey(type, current), out var next); hop++)
        {
            current = next;
            if (_repos.ContainsKey(new RepoKey(type, current)))
            {
                return new RepoLookup(null, current);
            }
        }

        var canonical = _repos.Keys.FirstOrDefault(k => k.Type == type && string.Equals(k.Id, current, StringComparison.OrdinalIgnoreCase)).Id ?? current;
        return string.Equals(canonical, repoId, StringComparison.Ordinal) ? default : new RepoLookup(null, canonical);
    }

    /// <summary>Whether a shipped repository has been built yet (they are built on first use).</summary>
    internal bool IsBuilt(RepoType type, string repoId) => _repos.TryGetValue(new RepoKey(type, repoId), out var repo) && repo.IsValueCreated;

    internal void PublishToCdn(SimRepo repo, SimFile file) => _cdn[CdnKey(repo.Type, repo.Id, file.Sha256)] = file;

    internal (SimRepo? Repo, SimFile? File) FindOnCdn(RepoType type, string repoId, string sha256)
    {
        var repo = Find(type, repoId);
        if (repo is null)
        {
            return (null, null);
        }

        var file = _cdn.GetValueOrDefault(CdnKey(type, repoId, sha256))
            ?? repo.History.SelectMany(c => c.Files).FirstOrDefault(f => f.IsLfs && f.HashesComputed && f.Sha256 == sha256);
        return (repo, file);
    }

    private static RepoKey RenameKey(RepoType type, string id) => new(type, id.ToLowerInvariant());

    private static string CdnKey(RepoType type, string repoId, string sha256) => $"{type.Name()}:{repoId}/{sha256}";

    private readonly record struct RepoKey(RepoType Type, string Id);
}
