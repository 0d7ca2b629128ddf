using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace ModelHub.IntegrationTests.ScaleOut;

/// <summary>
/// Repositories that share bytes, for many jobs at once: repository i holds a weight of its own and shared weight
/// i mod <c>sharedWeights</c>, so a shared blob belongs to several repositories and must still be fetched once.
/// </summary>
public sealed class SharedWeightRepos
{
    private const int WeightBytes = 1536 * 1024;

    private readonly ServiceStackFixture _fixture;

    private SharedWeightRepos(ServiceStackFixture fixture, List<string> ids, int sharedWeights)
    {
        _fixture = fixture;
        Ids = ids;
        SharedWeights = sharedWeights;
    }

    public IReadOnlyList<string> Ids { get; }

    public int SharedWeights { get; }

    /// <summary>Serves <paramref name="count"/> such repositories upstream, named <c>{prefix}/repo-{i}</c>.</summary>
    public static SharedWeightRepos Add(ServiceStackFixture fixture, string prefix, int count, int sharedWeights)
    {
        var shared = Enumerable.Range(0, sharedWeights).Select(_ => RandomNumberGenerator.GetBytes(WeightBytes)).ToList();
        var ids = Enumerable.Range(0, count).Select(i => $"{prefix}/repo-{i}").ToList();
        for (var i = 0; i < count; i++)
        {
            var (repoId, sharedWeight, ownWeight) = (ids[i], shared[i % sharedWeights], RandomNumberGenerator.GetBytes(WeightBytes));
            fixture.Simulator.Catalog.RemoveRepo(repoId);
            fixture.Simulator.Catalog.AddRepo(repoId, commit => commit
                .Text("config.json", $$"""{"repo": "{{repoId}}"}""")
                .Bytes("shared.safetensors", sharedWeight, lfs: true)
                .Bytes("own.safetensors", ownWeight, lfs: true));
        }

        return new SharedWeightRepos(fixture, ids, sharedWeights);
    }

    /// <summary>Syncs every repository at once and waits for all; then their weights, and no upstream request counted yet.</summary>
    public async Task<List<(Guid Id, string Sha256)>> SyncAllAsync(HttpClient client)
    {
        var syncs = await Task.WhenAll(Ids.Select(repo => client.SubmitSyncAsync(repo)));
        await client.WaitForJobsAsync(syncs, "completed", 120);
        var weights = await _fixture.WithDbAsync(db => db.Artifacts.Where(a => a.LfsSha256 != null).Select(a => new { a.Id, a.LfsSha256 }).ToListAsync());
        weights.Count.ShouldBe(2 * Ids.Count);
        _fixture.Simulator.Catalog.Requests.Clear();
        return [.. weights.Select(w => (w.Id, w.LfsSha256!))];
    }

    /// <summary>Every distinct content among <paramref name="weights"/> was fetched from the upstream's CDN exactly once.</summary>
    public List<string> ShouldEachBeFetchedOnce(IEnumerable<(Guid Id, string Sha256)> weights)
    {
        var contents = weights.Select(w => w.Sha256).Distinct().ToList();
        contents.Count.ShouldBe(Ids.Count + SharedWeights);
        var fetches = _fixture.Simulator.Catalog.Requests.Snapshot().Where(r => r.Kind == "cdn").ToList();
        foreach (var sha256 in contents)
        {
            fetches.Count(r => r.Path.EndsWith(sha256, StringComparison.Ordinal)).ShouldBe(1, $"blob {sha256} fetched once");
        }

        return contents;
    }
}
