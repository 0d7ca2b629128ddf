using ModelHub.Contracts.Repositories;
using ModelHub.ServiceDefaults.Conventions;
using Npgsql;
using NpgsqlTypes;

namespace ModelHub.Persistence.Artifacts;

/// <summary>
/// The one way an artifact is read for a fetch, recorded as stored, and moved through the status changes of a fetch
/// around it. Every writer (a download, a pull-through, a sync's small files, an import, a reconcile) sets the same
/// fields, one artifact or thousands in one statement. Plain SQL on the shared data source, not the DbContext: the
/// ingest path runs in the DownloadService, which loads no EF Core at all (its model and query compiler cost that
/// process about a tenth of its memory), and a data source is safe to share between a batch's parallel fetches.
/// </summary>
public sealed class ArtifactRecords(NpgsqlDataSource postgres)
{
    private const string ArtifactColumns = """
        a.id, a.repository_id, a."commit", a.path, a.size, a.git_blob_oid, a.lfs_sha256, a.status, a.content_hash,
        a.local_path, a.downloaded_at, a.verified_at, a.last_accessed_at, a.created_at, a.updated_at, r.repo_type, r.repo_id
        """;

    private const string FindSql = $"""
        SELECT {ArtifactColumns}
        FROM model_artifact AS a JOIN model_repo AS r ON r.id = a.repository_id
        WHERE a.id = ANY(@ids)
        """;

    private const string StoredContentByGitOidSql = """
        SELECT DISTINCT ON (git_blob_oid) git_blob_oid, content_hash
        FROM model_artifact
        WHERE status = @completed AND content_hash IS NOT NULL AND lfs_sha256 IS NULL AND git_blob_oid = ANY(@oids)
        """;

    // Stored counts as a use: the quota evicts the least recently used blobs first. verified_at is the verify
    // scan's alone: it says when a blob was last re-hashed at rest, which no ingest does.
    private const string RecordStoredSql = """
        UPDATE model_artifact AS a
        SET status = @completed, content_hash = u.hash, local_path = u.local, downloaded_at = @now, last_accessed_at = @now, updated_at = @now
        FROM unnest(@ids, @hashes, @locals) AS u(id, hash, local)
        WHERE a.id = u.id
        """;

    private const string SetStatusSql = "UPDATE model_artifact SET status = @status, updated_at = @now WHERE id = ANY(@ids)";

    // Only while it still says downloading, so a worker that lost its lock cannot undo what the one that took over recorded.
    private const string EndFetchSql = SetStatusSql + " AND status = @downloading";

    /// <summary>The artifact and its repository, or null when it does not exist.</summary>
    public async Task<ArtifactInRepository?> FindAsync(Guid artifactId, CancellationToken cancellationToken) =>
        (await FindAsync([artifactId], cancellationToken)).SingleOrDefault();

    /// <summary>Those of <paramref name="artifactIds"/> that exist, each with its repository, in no particular order.</summary>
    public async Task<List<ArtifactInRepository>> FindAsync(IReadOnlyCollection<Guid> artifactIds, CancellationToken cancellationToken)
    {
        await using var command = postgres.CreateCommand(FindSql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [.. artifactIds]));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<ArtifactInRepository>(artifactIds.Count);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(Read(reader));
        }

        return found;
    }

    /// <summary>
    /// The SHA-256 of content already stored for these git blob ids (non-LFS files): the same git blob
    /// id means the same bytes, in any repository, so the bytes need not be fetched again.
    /// </summary>
    public async Task<Dictionary<string, string>> StoredContentByGitOidAsync(IReadOnlyCollection<string> gitOids, CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        if (gitOids.Count == 0)
        {
            return known;
        }

        await using var command = postgres.CreateCommand(StoredContentByGitOidSql);
        command.Parameters.Add(new NpgsqlParameter<string>("completed", ArtifactStatus.Completed.ToSnakeCase()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("oids", [.. gitOids]));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            known[reader.GetString(0)] = reader.GetString(1);
        }

        return known;
    }

    public async Task RecordStoredAsync(IReadOnlyCollection<StoredArtifact> stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (stored.Count == 0)
        {
            return;
        }

        await using var command = postgres.CreateCommand(RecordStoredSql);
        command.Parameters.Add(new NpgsqlParameter<string>("completed", ArtifactStatus.Completed.ToSnakeCase()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [.. stored.Select(s => s.ArtifactId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("hashes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. stored.Select(s => s.Sha256)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("locals", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. stored.Select(s => s.LocalPath)] });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A fetch of the artifact's bytes has begun.</summary>
    public Task<int> MarkDownloadingAsync(Guid artifactId, DateTimeOffset now, CancellationToken cancellationToken) =>
        SetStatusAsync(SetStatusSql, [artifactId], ArtifactStatus.Downloading, now, cancellationToken);

    /// <summary>
    /// A fetch ended without storing the bytes: <paramref name="status"/> is <c>failed</c> when they broke their
    /// promise, otherwise what the artifact was before. Only while it still says downloading.
    /// </summary>
    public Task<int> EndFetchAsync(Guid artifactId, ArtifactStatus status, DateTimeOffset now, CancellationToken cancellationToken) =>
        SetStatusAsync(EndFetchSql, [artifactId], status, now, cancellationToken);

    /// <summary>Fetches that failed, in one statement (a sync's small files, a snapshot's batch).</summary>
    public Task<int> MarkFailedAsync(IReadOnlyCollection<Guid> artifactIds, DateTimeOffset now, CancellationToken cancellationToken) =>
        artifactIds.Count == 0 ? Task.FromResult(0) : SetStatusAsync(SetStatusSql, artifactIds, ArtifactStatus.Failed, now, cancellationToken);

    private async Task<int> SetStatusAsync(string sql, IReadOnlyCollection<Guid> artifactIds, ArtifactStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = postgres.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("status", status.ToSnakeCase()));
        command.Parameters.Add(new NpgsqlParameter<string>("downloading", ArtifactStatus.Downloading.ToSnakeCase()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [.. artifactIds]));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static ArtifactInRepository Read(NpgsqlDataReader row) => new(
        new ModelArtifact
        {
            Id = row.GetGuid(0),
            RepositoryId = row.GetGuid(1),
            Commit = row.GetString(2),
            Path = row.GetString(3),
            Size = row.GetInt64(4),
            GitBlobOid = Text(row, 5),
            LfsSha256 = Text(row, 6),
            Status = SnakeCaseEnums.ParseSnakeCase<ArtifactStatus>(row.GetString(7)),
            ContentHash = Text(row, 8),
            LocalPath = Text(row, 9),
            DownloadedAt = Time(row, 10),
            VerifiedAt = Time(row, 11),
            LastAccessedAt = Time(row, 12),
            CreatedAt = row.GetFieldValue<DateTimeOffset>(13),
            UpdatedAt = row.GetFieldValue<DateTimeOffset>(14),
        },
        SnakeCaseEnums.ParseSnakeCase<RepoType>(row.GetString(15)),
        row.GetString(16));

    private static string? Text(NpgsqlDataReader row, int column) => row.IsDBNull(column) ? null : row.GetString(column);

    private static DateTimeOffset? Time(NpgsqlDataReader row, int column) => row.IsDBNull(column) ? null : row.GetFieldValue<DateTimeOffset>(column);
}
