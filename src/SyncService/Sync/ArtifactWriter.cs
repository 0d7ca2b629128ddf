using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Upstream;
using Npgsql;
using NpgsqlTypes;

namespace ModelHub.SyncService.Sync;

/// <summary>Upserts a commit's files in batches: one statement per batch, whatever its size.</summary>
internal sealed class ArtifactWriter(ModelHubDbContext db, TimeProvider clock)
{
    // A re-sync of the same commit updates what upstream says and keeps what ModelHub learnt (status, hashes).
    private const string UpsertSql = """
        INSERT INTO model_artifact (id, repository_id, commit, path, size, git_blob_oid, lfs_sha256, status, created_at, updated_at)
        SELECT u.id, @repository, @commit, u.path, u.size, u.oid, u.lfs, @status, @now, @now
        FROM unnest(@ids, @paths, @sizes, @oids, @lfs) AS u(id, path, size, oid, lfs)
        ON CONFLICT (repository_id, commit, path) DO UPDATE
        SET size = EXCLUDED.size, git_blob_oid = EXCLUDED.git_blob_oid, lfs_sha256 = EXCLUDED.lfs_sha256, updated_at = EXCLUDED.updated_at
        """;

    public async Task UpsertAsync(Guid repositoryId, string commit, IReadOnlyList<HubTreeEntry> files, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForDatabase();
        await db.Database.ExecuteSqlRawAsync(UpsertSql,
        [
            new NpgsqlParameter("repository", repositoryId),
            new NpgsqlParameter("commit", commit),
            new NpgsqlParameter("status", ArtifactStatus.NotDownloaded.ToSnakeCase()),
            new NpgsqlParameter("now", now),
            new NpgsqlParameter("ids", files.Select(_ => Guid.CreateVersion7(now)).ToArray()),
            new NpgsqlParameter("paths", files.Select(f => f.Path).ToArray()),
            new NpgsqlParameter("sizes", files.Select(f => f.Size).ToArray()),
            new NpgsqlParameter("oids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = files.Select(f => (object?)f.Oid ?? DBNull.Value).ToArray() },
            new NpgsqlParameter("lfs", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = files.Select(f => (object?)f.Lfs?.Oid.ToLowerInvariant() ?? DBNull.Value).ToArray() },
        ], cancellationToken);
    }
}
