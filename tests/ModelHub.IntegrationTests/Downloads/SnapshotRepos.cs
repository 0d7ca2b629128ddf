using System.Text;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.Downloads;

/// <summary>Repositories for snapshot tests, and what the upstream saw of them.</summary>
internal static class SnapshotRepos
{
    /// <summary>A repository of small JSON files (<c>shards/NNNN.json</c>), large LFS weights (5 MiB and up: fetched in ranges), and a README.</summary>
    public static SimRepo Add(ServiceStackFixture fixture, int smallFiles, int largeFiles)
    {
        var id = $"sim/snapshot-{Guid.NewGuid():N}";
        return fixture.Simulator.Catalog.AddRepo(id, commit =>
        {
            commit.Text("README.md", $"# {id}\n");
            for (var i = 0; i < smallFiles; i++)
            {
                commit.Text($"shards/{i:D4}.json", $"{{\"shard\": {i}, \"repo\": \"{id}\"}}\n");
            }

            for (var i = 0; i < largeFiles; i++)
            {
                var bytes = new byte[(5 + i) * 1024 * 1024];
                Random.Shared.NextBytes(bytes);
                Encoding.ASCII.GetBytes($"{id}/{i}").CopyTo(bytes, 0);
                commit.Bytes($"weights/model-{i + 1:D5}.safetensors", bytes, lfs: true);
            }
        });
    }

    /// <summary>Syncs the repository, then empties the store, so a snapshot fetches even the small files the sync stored.</summary>
    public static async Task SyncWithoutStoredBytesAsync(ServiceStackFixture fixture, HttpClient client, SimRepo repo)
    {
        await client.SyncAsync(repo.Id, seconds: 120);
        foreach (var blob in Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "blobs", "sha256")))
        {
            File.Delete(blob);
        }

        fixture.Simulator.Catalog.Requests.Clear();
    }

    /// <summary>
    /// How many times each file's bytes were fetched from the upstream: the requests for its first byte (an LFS file's at the
    /// CDN, whole or as its first range; any other's at resolve).
    /// </summary>
    public static Dictionary<string, int> FetchesPerFile(ServiceStackFixture fixture, SimRepo repo)
    {
        var requests = fixture.Simulator.Catalog.Requests.Snapshot().Where(r => r.RepoId == repo.Id && r.Method == "GET").ToList();
        var resolved = requests.Where(r => r.Kind == "resolve").GroupBy(r => r.Path[(r.Path.IndexOf("/resolve/", StringComparison.Ordinal) + 9)..])
            .ToDictionary(g => g.Key[(g.Key.IndexOf('/') + 1)..], g => g.Count());
        var firstBytes = requests.Where(r => r.Kind == "cdn" && (r.Range is null || r.Range.StartsWith("bytes=0-", StringComparison.Ordinal)))
            .GroupBy(r => r.Path[(r.Path.LastIndexOf('/') + 1)..]).ToDictionary(g => g.Key, g => g.Count());
        return repo.Main.Files.ToDictionary(f => f.Path, f => f.IsLfs ? firstBytes.GetValueOrDefault(f.Sha256) : resolved.GetValueOrDefault(f.Path));
    }
}
