using Npgsql;
using NpgsqlTypes;

namespace ModelHub.Benchmarks.Seeding;

/// <summary>A synced repository as the benchmarks insert it: its id, name and the commit its files belong to.</summary>
internal sealed record SeedRepository(Guid Id, string RepoId, string Commit, DateTime CreatedAt);

internal sealed record SeedArtifact(Guid Id, Guid RepositoryId, string Commit, string Path, long Size, string? LfsSha256, string Status);

internal sealed record SeedJob(Guid Id, string Kind, string State, Guid? RepositoryId, Guid? ArtifactId, string Payload, DateTime CreatedAt);

/// <summary>
/// Rows written straight into ModelHub's schema with PostgreSQL's binary COPY: a hundred thousand in
/// seconds, where the Api would take minutes. The columns are those of the EF Core migrations.
/// </summary>
internal static class BulkRows
{
    public static async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(BenchOptions.Require("ConnectionStrings__Postgres"));
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<ulong> RepositoriesAsync(NpgsqlConnection connection, IEnumerable<SeedRepository> repositories)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY model_repo (id, repo_id, repo_type, status, default_revision, last_synced_commit, last_synced_at, pinned, created_at, updated_at) FROM STDIN (FORMAT BINARY)");
        foreach (var repo in repositories)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(repo.Id, NpgsqlDbType.Uuid);
            await copy.WriteAsync(repo.RepoId, NpgsqlDbType.Varchar);
            await copy.WriteAsync("model", NpgsqlDbType.Varchar);
            await copy.WriteAsync("synced", NpgsqlDbType.Varchar);
            await copy.WriteAsync("main", NpgsqlDbType.Varchar);
            await copy.WriteAsync(repo.Commit, NpgsqlDbType.Varchar);
            await copy.WriteAsync(repo.CreatedAt, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(false, NpgsqlDbType.Boolean);
            await copy.WriteAsync(repo.CreatedAt, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(repo.CreatedAt, NpgsqlDbType.TimestampTz);
        }

        return await copy.CompleteAsync();
    }

    public static async Task<ulong> ArtifactsAsync(NpgsqlConnection connection, IEnumerable<SeedArtifact> artifacts, DateTime at)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY model_artifact (id, repository_id, commit, path, size, lfs_sha256, content_hash, local_path, status, created_at, updated_at) FROM STDIN (FORMAT BINARY)");
        foreach (var artifact in artifacts)
        {
            var stored = artifact.Status == "completed";
            await copy.StartRowAsync();
            await copy.WriteAsync(artifact.Id, NpgsqlDbType.Uuid);
            await copy.WriteAsync(artifact.RepositoryId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(artifact.Commit, NpgsqlDbType.Varchar);
            await copy.WriteAsync(artifact.Path, NpgsqlDbType.Varchar);
            await copy.WriteAsync(artifact.Size, NpgsqlDbType.Bigint);
            await WriteOrNullAsync(copy, artifact.LfsSha256, NpgsqlDbType.Varchar);
            await WriteOrNullAsync(copy, stored ? artifact.LfsSha256 : null, NpgsqlDbType.Varchar);
            await WriteOrNullAsync(copy, stored && artifact.LfsSha256 is { } sha ? $"blobs/sha256/{sha}" : null, NpgsqlDbType.Varchar);
            await copy.WriteAsync(artifact.Status, NpgsqlDbType.Varchar);
            await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
        }

        return await copy.CompleteAsync();
    }

    /// <summary>Finished jobs: dispatched, started and finished a few seconds after they were created.</summary>
    public static async Task<ulong> JobsAsync(NpgsqlConnection connection, IEnumerable<SeedJob> jobs)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY job (correlation_id, kind, current_state, repository_id, model_artifact_id, payload, attempts, bytes_done, progress_reports, "
            + "created_at, dispatched_at, started_at, finished_at, summary) FROM STDIN (FORMAT BINARY)");
        foreach (var job in jobs)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(job.Id, NpgsqlDbType.Uuid);
            await copy.WriteAsync(job.Kind, NpgsqlDbType.Varchar);
            await copy.WriteAsync(job.State, NpgsqlDbType.Varchar);
            await WriteOrNullAsync(copy, job.RepositoryId, NpgsqlDbType.Uuid);
            await WriteOrNullAsync(copy, job.ArtifactId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(job.Payload, NpgsqlDbType.Jsonb);
            await copy.WriteAsync(1, NpgsqlDbType.Integer);
            await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
            await copy.WriteAsync(0, NpgsqlDbType.Integer);
            await copy.WriteAsync(job.CreatedAt, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(job.CreatedAt.AddMilliseconds(20), NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(job.CreatedAt.AddMilliseconds(50), NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(job.CreatedAt.AddSeconds(3), NpgsqlDbType.TimestampTz);
            await copy.WriteAsync($"seeded {job.Kind} job", NpgsqlDbType.Varchar);
        }

        return await copy.CompleteAsync();
    }

    /// <summary>ANALYZE, as autovacuum would soon after a bulk load: the planner then knows the tables' sizes.</summary>
    public static async Task AnalyzeAsync(NpgsqlConnection connection)
    {
        await using var analyze = new NpgsqlCommand("ANALYZE model_repo; ANALYZE model_artifact; ANALYZE job;", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    private static Task WriteOrNullAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, type);

    private static Task WriteOrNullAsync(NpgsqlBinaryImporter copy, Guid? value, NpgsqlDbType type) =>
        value is { } id ? copy.WriteAsync(id, type) : copy.WriteNullAsync();
}
