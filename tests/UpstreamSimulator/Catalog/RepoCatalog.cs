using System.Collections.Concurrent;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>
/// The repositories the simulator serves, the simulator-wide fault knobs and the request log.
/// Safe to change while requests are served.
/// </summary>
public sealed class RepoCatalog
{
    private readonly ConcurrentDictionary<string, SimRepo> _repos = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SimFile> _cdn = new(StringComparer.Ordinal);

    public RepoCatalog(SimulatorOptions options)
    {
        Options = options;
        foreach (var repo in ShippedRepos.Create(options))
        {
            _repos[repo.Id] = repo;
        }
    }

    public SimulatorOptions Options { get; }

    public RequestLog Requests { get; } = new();

    /// <summary>Knobs applied to every request the simulator answers.</summary>
    public FaultKnobs Faults { get; set; } = new();

    public IReadOnlyCollection<SimRepo> Repos => [.. _repos.Values.OrderBy(r => r.Id, StringComparer.Ordinal)];

    public SimRepo this[string repoId] =>
        Find(repoId) ?? throw new KeyNotFoundException($"The simulator has no repository '{repoId}'.");

    public SimRepo? Find(string repoId) => _repos.GetValueOrDefault(repoId);

    /// <summary>Adds (or replaces) a repository whose first commit <paramref name="firstCommit"/> fills.</summary>
    /// <param name="evolve">What <see cref="SimRepo.Advance"/> changes when called without a change.</param>
    public SimRepo AddRepo(string repoId, Action<CommitBuilder> firstCommit, Action<CommitBuilder>? evolve = null)
    {
        var repo = new SimRepo(repoId, Options.Seed, new DateTimeOffset(2025, 1, 6, 9, 30, 0, TimeSpan.Zero), firstCommit, evolve);
        _repos[repoId] = repo;
        return repo;
    }

    public bool RemoveRepo(string repoId) => _repos.TryRemove(repoId, out _);

    /// <summary>Clears every fault knob (simulator, repositories, files).</summary>
    public void ResetFaults()
    {
        Faults = new FaultKnobs();
        foreach (var repo in _repos.Values)
        {
            repo.ResetFaults();
        }
    }

    internal void PublishToCdn(SimRepo repo, SimFile file) => _cdn[$"{repo.Id}/{file.Sha256}"] = file;

    internal (SimRepo? Repo, SimFile? File) FindOnCdn(string repoId, string sha256)
    {
        var repo = Find(repoId);
        if (repo is null)
        {
            return (null, null);
        }

        var file = _cdn.GetValueOrDefault($"{repoId}/{sha256}")
            ?? repo.History.SelectMany(c => c.Files).FirstOrDefault(f => f.IsLfs && f.HashesComputed && f.Sha256 == sha256);
        return (repo, file);
    }
}
