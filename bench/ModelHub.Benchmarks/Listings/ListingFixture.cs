using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ModelHub.Benchmarks.Seeding;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;
using Npgsql;

namespace ModelHub.Benchmarks.Listings;

/// <summary>
/// A mirror with many repositories and a long job history, written straight into the schema: N synced
/// repositories of three files each (README, config, a weight: what a listing's file summary counts),
/// and N finished jobs over the last weeks (downloads, syncs, a few scans; some failed).
/// </summary>
internal static class ListingFixture
{
    private static readonly string[] Files = ["README.md", "config.json", "model.safetensors"];

    public static async Task<(ulong Repositories, ulong Artifacts, ulong Jobs)> CreateAsync(int rows)
    {
        var now = DateTime.UtcNow;
        var repositories = Enumerable.Range(0, rows)
            .Select(i => new SeedRepository(Guid.NewGuid(), $"bench-org-{i % 500:D3}/model-{i:D6}", Hex(i, 40), now.AddMinutes(-i)))
            .ToList();
        var artifacts = repositories.SelectMany((repo, i) => Files.Select((path, f) => new SeedArtifact(
            Guid.NewGuid(), repo.Id, repo.Commit, path, f == 2 ? 500_000_000 : 2_000 + f,
            Hex((i * 3) + f, 64), f < 2 || i % 2 == 0 ? "completed" : "not_downloaded"))).ToList();
        // Whole seconds: PostgreSQL keeps microseconds, and the jobs' cursor holds ticks.
        var second = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var jobs = Enumerable.Range(0, rows).Select(i => Job(i, repositories[i], artifacts[(3 * i) + 2], second.AddSeconds(-20.0 * i))).ToList();

        await using var connection = await BulkRows.OpenAsync();
        var counts = (await BulkRows.RepositoriesAsync(connection, repositories), await BulkRows.ArtifactsAsync(connection, artifacts, now), await BulkRows.JobsAsync(connection, jobs));
        await BulkRows.AnalyzeAsync(connection);
        return counts;
    }

    /// <summary>The cursor of <c>GET /v1/hub/models</c> that starts a page after the <paramref name="offset"/>-th repository; and that page's first repo id.</summary>
    public static async Task<(string Cursor, string FirstRepoId)> DeepModelsCursorAsync(int offset)
    {
        await using var connection = await BulkRows.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT repo_id FROM model_repo ORDER BY repo_id OFFSET @offset LIMIT 2", connection);
        query.Parameters.AddWithValue("offset", offset - 1);
        var ids = new List<string>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }
        }

        // The Api's cursor: base64url of the last repo id of the page before (Paging.Encode).
        return (Base64Url.EncodeToString(Encoding.UTF8.GetBytes(ids[0])), ids[1]);
    }

    /// <summary>The same for <c>GET /v1/hub/jobs</c> (newest first): base64url of "ticks:id" of the job before.</summary>
    public static async Task<(string Cursor, Guid FirstJobId)> DeepJobsCursorAsync(int offset)
    {
        await using var connection = await BulkRows.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT created_at, correlation_id FROM job ORDER BY created_at DESC, correlation_id DESC OFFSET @offset LIMIT 2", connection);
        query.Parameters.AddWithValue("offset", offset - 1);
        var jobs = new List<(DateTime CreatedAt, Guid Id)>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                jobs.Add((reader.GetFieldValue<DateTime>(0), reader.GetGuid(1)));
            }
        }

        var position = $"{jobs[0].CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture)}:{jobs[0].Id:N}";
        return (Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position)), jobs[1].Id);
    }

    private static SeedJob Job(int i, SeedRepository repo, SeedArtifact weight, DateTime createdAt)
    {
        var state = i % 50 == 0 ? JobStateNames.Failed : JobStateNames.Completed;
        return (i % 20) switch
        {
            < 12 => new SeedJob(Guid.NewGuid(), "download", state, repo.Id, weight.Id, JobPayloads.Serialize(new DownloadPayload(weight.Id)), createdAt),
            < 19 => new SeedJob(Guid.NewGuid(), "sync", state, repo.Id, null, JobPayloads.Serialize(new SyncPayload(repo.RepoId, "main")), createdAt),
            _ => new SeedJob(Guid.NewGuid(), "scan", state, null, null, JobPayloads.Serialize(new ScanPayload("verify")), createdAt),
        };
    }

    private static string Hex(int seed, int digits) =>
        Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(seed)))[..digits];
}
