using System.Collections.Concurrent;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Faults;

/// <param name="Path">The path as sent (still percent-encoded), without the query.</param>
/// <param name="RepoId">The id as the request spelled it (an old name when it was redirected).</param>
/// <param name="Kind">
/// <c>model-info</c>, <c>dataset-info</c>, <c>tree</c>, <c>paths-info</c>, <c>resolve</c>, <c>raw</c>, <c>cdn</c>,
/// <c>unknown</c> for a path no route understands, or null when unrouted.
/// </param>
public sealed record SimRequest(DateTimeOffset At, string Method, string Path, string Query, int Status, string? RepoId, string? Kind)
{
    /// <summary>The request's <c>Range</c> header, when it had one.</summary>
    public string? Range { get; init; }

    /// <summary>Whether the request was about a model or a dataset; null when unrouted.</summary>
    public RepoType? RepoType { get; init; }

    /// <summary>Whether it carried an <c>Authorization</c> header at all (a bridge link must not be sent one).</summary>
    public bool HadAuthorization { get; init; }

    /// <summary>Whether it carried the simulator's token (<see cref="SimulatorOptions.Token"/>).</summary>
    public bool Authorized { get; init; }

    /// <summary>The file bytes its body carried (what an upstream pays for a download); 0 for a response without file bytes.</summary>
    public long BodyBytes { get; init; }
}

/// <summary>Every request the simulator answered (admin requests under <c>/_sim/</c> excepted).</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<SimRequest> _requests = new();

    public int Count => _requests.Count;

    public IReadOnlyList<SimRequest> Snapshot() => [.. _requests];

    /// <summary>Requests about one model, of one kind if given.</summary>
    public int CountFor(string repoId, string? kind = null) => CountFor(RepoType.Model, repoId, kind);

    /// <summary>Requests about one repository of <paramref name="type"/>, of one kind if given.</summary>
    public int CountFor(RepoType type, string repoId, string? kind = null) =>
        _requests.Count(r => r.RepoType == type && r.RepoId == repoId && (kind is null || r.Kind == kind));

    public IReadOnlyDictionary<string, int> CountsByPath() =>
        _requests.GroupBy(r => r.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public void Clear() => _requests.Clear();

    internal void Add(SimRequest request) => _requests.Enqueue(request);
}
