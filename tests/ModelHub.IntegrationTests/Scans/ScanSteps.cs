using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Scans;

namespace ModelHub.IntegrationTests.Scans;

/// <summary>The steps every scan test takes: put files in the store through a real sync, run a scan, look at the store.</summary>
internal static class ScanSteps
{
    /// <summary>Serves <paramref name="files"/> as a new repository upstream and syncs it: files under 1 MiB are stored by the sync.</summary>
    public static async Task<Dictionary<string, string>> StoredRepoAsync(this ScanFixture fixture, string repoId, params (string Path, byte[] Bytes)[] files)
    {
        fixture.Simulator.Catalog.RemoveRepo(repoId);
        fixture.Simulator.Catalog.AddRepo(repoId, commit =>
        {
            foreach (var (path, bytes) in files)
            {
                commit.Bytes(path, bytes);
            }
        });
        await fixture.CreateClient().SyncAsync(repoId);
        return files.ToDictionary(f => f.Path, f => HfCacheBuilder.Sha256(f.Bytes));
    }

    public static byte[] RandomBytes(int size) => Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), size);

    /// <summary>Starts a scan and waits for its job to reach <paramref name="state"/>; returns the job.</summary>
    public static Task<JsonNode> ScanAsync(this ScanFixture fixture, object request, string state = "completed") =>
        fixture.CreateClient().ScanAsync(request, state);

    /// <summary>The <see cref="StorageScanned"/> an independent subscriber received for a job.</summary>
    public static async Task<StorageScanned> ScannedAsync(this ScanFixture fixture, JsonNode job)
    {
        var id = job["id"]!.GetValue<Guid>();
        return (await Poll.UntilAsync(() => Task.FromResult(fixture.Events.Scanned.FirstOrDefault(e => e.JobId == id)), scanned => scanned is not null,
            TimeSpan.FromSeconds(10), _ => $"no StorageScanned for job {id}"))!;
    }

    public static string BlobPath(this ScanFixture fixture, string sha256) => Path.Combine(fixture.StoreRoot, "blobs", "sha256", sha256);

    /// <summary>Puts bytes into the store as a blob no artifact refers to, written at <paramref name="writtenAt"/>.</summary>
    public static string PlantBlob(this ScanFixture fixture, byte[] bytes, DateTime writtenAt)
    {
        var sha256 = HfCacheBuilder.Sha256(bytes);
        Directory.CreateDirectory(Path.GetDirectoryName(fixture.BlobPath(sha256))!);
        File.WriteAllBytes(fixture.BlobPath(sha256), bytes);
        File.SetLastWriteTimeUtc(fixture.BlobPath(sha256), writtenAt);
        return sha256;
    }

    /// <summary>Changes one byte of a stored blob in place, as a failing disk would.</summary>
    public static void FlipAByte(this ScanFixture fixture, string sha256)
    {
        var path = fixture.BlobPath(sha256);
        File.SetAttributes(path, FileAttributes.Normal);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
    }

    public static Task<List<ModelHub.Persistence.Artifacts.ModelArtifact>> ArtifactsAsync(this ScanFixture fixture, string repoId) =>
        fixture.WithDbAsync(db => db.Artifacts.AsNoTracking()
            .Where(a => db.Repositories.Any(r => r.Id == a.RepositoryId && r.RepoId == repoId)).OrderBy(a => a.Path).ToListAsync());
}
