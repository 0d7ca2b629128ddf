using System.Security.Cryptography;
using System.Text;
using ModelHub.Benchmarks.Seeding;

namespace ModelHub.Benchmarks.Pipeline;

/// <summary>
/// Forks that share their bytes: repositories of <see cref="FilesPerRepository"/> files each, where file
/// <c>i</c> of every fork has the same content, stored once in <c>blobs/sha256/</c>. Their artifacts are
/// recorded as synced but not downloaded, so each download job finds its bytes already stored: the
/// DownloadService takes the content's lock, sees the blob and records the artifact, fetching nothing.
/// </summary>
internal sealed class DedupFixture(IReadOnlyList<Guid> artifacts, int repositories)
{
    public const int FilesPerRepository = 100;
    public const int BlobBytes = 4096;

    /// <summary>Artifact ids, fork by fork, file by file.</summary>
    public IReadOnlyList<Guid> Artifacts => artifacts;

    public int Repositories => repositories;

    public static async Task<DedupFixture> CreateAsync(string store, int count)
    {
        var blobs = WriteBlobs(store);
        var now = DateTime.UtcNow;
        var repositories = Enumerable.Range(0, (count + FilesPerRepository - 1) / FilesPerRepository)
            .Select(r => $"bench-dedup/fork-{r:D3}")
            .Select(name => new SeedRepository(Guid.NewGuid(), name, Commit(name), now))
            .ToList();
        var rows = Enumerable.Range(0, count)
            .Select(i => (Repository: repositories[i / FilesPerRepository], File: i % FilesPerRepository))
            .Select(x => new SeedArtifact(Guid.NewGuid(), x.Repository.Id, x.Repository.Commit, $"shards/part-{x.File:D3}.bin", BlobBytes, blobs[x.File], "not_downloaded"))
            .ToList();

        await using var connection = await BulkRows.OpenAsync();
        await BulkRows.RepositoriesAsync(connection, repositories);
        await BulkRows.ArtifactsAsync(connection, rows, now);
        await BulkRows.AnalyzeAsync(connection);
        return new DedupFixture([.. rows.Select(r => r.Id)], repositories.Count);
    }

    /// <summary>One blob per file index, named by its SHA-256 as the store names blobs.</summary>
    private static List<string> WriteBlobs(string store)
    {
        var folder = Directory.CreateDirectory(Path.Combine(store, "blobs", "sha256")).FullName;
        var random = new Random(11);
        var hashes = new List<string>();
        var bytes = new byte[BlobBytes];
        for (var i = 0; i < FilesPerRepository; i++)
        {
            random.NextBytes(bytes);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
            File.WriteAllBytes(Path.Combine(folder, sha256), bytes);
            hashes.Add(sha256);
        }

        return hashes;
    }

    // A commit id is 40 hex digits; any fixed ones will do.
    private static string Commit(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..40];
}
