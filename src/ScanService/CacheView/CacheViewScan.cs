using ModelHub.Contracts.Repositories;
using ModelHub.Jobs.Kinds;
using ModelHub.Persistence.Artifacts;
using ModelHub.ScanService.Scans;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Storage.CacheView;
using Npgsql;
using NpgsqlTypes;

namespace ModelHub.ScanService.CacheView;

/// <summary>
/// Rebuilds the cache view from what the database says is stored, one repository at a time: adds what is missing or wrong
/// (each entry by an atomic rename, so readers see the old entry or the new one), writes the refs of every repository it
/// shows, then removes what the folder held before and nothing stands for now: links first, then blobs. Entries added
/// while it runs are left alone; folders of repositories with nothing stored go.
/// </summary>
internal sealed class CacheViewScan(NpgsqlDataSource postgres, HfCacheView view, CacheViewWriter writer) : IStorageScan
{
    private const int Page = 1000;

    private const string StoredFilter =
        "a.status = @completed AND a.content_hash IS NOT NULL AND (a.lfs_sha256 IS NOT NULL OR a.git_blob_oid IS NOT NULL)";

    public string Mode => ScanModes.CacheView;

    public async Task<string> RunAsync(ScanPayload request, ScanTally tally, CancellationToken cancellationToken)
    {
        if (!view.IsOn)
        {
            throw new ScanRequestException($"The cache view is off: set {CacheViewOptions.Section}:{nameof(CacheViewOptions.Folder)} on the ScanService.");
        }

        // One repository at a time, so that what the rebuild holds is one repository's names, not the whole view's.
        var unclaimed = view.Folders().ToHashSet(StringComparer.Ordinal);
        tally.Progress.ExpectItems("files", await CountStoredAsync(cancellationToken));
        var shown = 0;
        foreach (var repository in await RepositoriesAsync(cancellationToken))
        {
            var folder = HfCacheNames.RepositoryFolder(repository.Type, repository.RepoId);
            unclaimed.Remove(folder);
            shown += await RebuildAsync(repository, folder, tally, cancellationToken);
        }

        foreach (var folder in unclaimed)
        {
            tally.ViewEntriesRemoved += view.Delete([.. view.Walk(folder)]);
        }

        return $"the cache view shows {shown} file(s): {tally.ViewFilesAdded} added, "
            + $"{tally.ViewEntriesRemoved} stale entr{(tally.ViewEntriesRemoved == 1 ? "y" : "ies")} removed";
    }

    /// <summary>
    /// One repository's folder: what it held before (the rebuild may take out only that, never an entry made meanwhile),
    /// the stored files added where missing or wrong, the refs, then the stale entries deleted. Returns the files it shows.
    /// </summary>
    private async Task<int> RebuildAsync(StoredRepository repository, string folder, ScanTally tally, CancellationToken cancellationToken)
    {
        var before = view.Walk(folder).ToList();
        var links = before.Where(e => e.Kind == ViewEntryKind.SnapshotLink).ToDictionary(e => e.RelativePath, e => e.LinkTarget, StringComparer.Ordinal);
        var blobs = before.Where(e => e.Kind == ViewEntryKind.Blob).Select(e => e.RelativePath).ToHashSet(StringComparer.Ordinal);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var (shown, added) = (0, 0);
        (string Commit, string Path)? after = null;
        while (await NextPageAsync(repository.Id, after, cancellationToken) is { Count: > 0 } page)
        {
            var missing = new List<StoredFile>();
            foreach (var row in page)
            {
                var file = ViewFile.Of(repository.Type, repository.RepoId, row.Commit, row.Path, row.LfsSha256, row.GitBlobOid, row.ContentHash)!;
                wanted.Add(file.BlobEntry);
                wanted.Add(file.LinkEntry);
                if (blobs.Contains(file.BlobEntry) && links.GetValueOrDefault(file.LinkEntry) == file.LinkTarget)
                {
                    shown++;
                }
                else
                {
                    missing.Add(new StoredFile(row.Id, row.ContentHash));
                }
            }

            added += await writer.AddReportingAsync(missing, tally, cancellationToken);
            await tally.Progress.AddItemsAsync(page.Count);
            after = (page[^1].Commit, page[^1].Path);
        }

        // A repository that shows nothing loses its folder; one that shows files gets its refs written afresh.
        var showsAny = shown + added > 0;
        if (showsAny)
        {
            await writer.WriteRefsAsync(repository.Id, cancellationToken);
        }

        tally.ViewFilesAdded += added;
        tally.ViewEntriesRemoved += view.Delete([.. before.Where(e => e.Kind switch
        {
            ViewEntryKind.SnapshotLink or ViewEntryKind.Blob => !wanted.Contains(e.RelativePath),
            ViewEntryKind.Ref => !showsAny,
            _ => true,
        })]);
        return shown + added;
    }

    private async Task<int> CountStoredAsync(CancellationToken cancellationToken)
    {
        await using var command = postgres.CreateCommand($"SELECT count(*)::int FROM model_artifact AS a WHERE {StoredFilter}");
        command.Parameters.Add(new NpgsqlParameter<string>("completed", ArtifactStatus.Completed.ToSnakeCase()));
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The repositories with a stored file whose id makes a cache folder name (ids the Hub accepts do).</summary>
    private async Task<List<StoredRepository>> RepositoriesAsync(CancellationToken cancellationToken)
    {
        await using var command = postgres.CreateCommand($"""
            SELECT r.id, r.repo_type, r.repo_id FROM model_repo AS r
            WHERE EXISTS (SELECT 1 FROM model_artifact AS a WHERE a.repository_id = r.id AND {StoredFilter})
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("completed", ArtifactStatus.Completed.ToSnakeCase()));
        var repositories = new List<StoredRepository>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            repositories.Add(new StoredRepository(reader.GetGuid(0), SnakeCaseEnums.ParseSnakeCase<RepoType>(reader.GetString(1)), reader.GetString(2)));
        }

        return [.. repositories.Where(r => HfCacheView.CanShow(r.Type, r.RepoId))];
    }

    /// <summary>The next page of a repository's stored files, by commit and path (a keyset on the repository's unique index).</summary>
    private async Task<List<StoredRow>> NextPageAsync(Guid repositoryId, (string Commit, string Path)? after, CancellationToken cancellationToken)
    {
        await using var command = postgres.CreateCommand($"""
            SELECT a.id, a."commit", a.path, a.lfs_sha256, a.git_blob_oid, a.content_hash
            FROM model_artifact AS a
            WHERE a.repository_id = @repo AND {StoredFilter} AND (@after_commit::text IS NULL OR (a."commit", a.path) > (@after_commit, @after_path))
            ORDER BY a."commit", a.path LIMIT {Page}
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("completed", ArtifactStatus.Completed.ToSnakeCase()));
        command.Parameters.Add(new NpgsqlParameter<Guid>("repo", repositoryId));
        command.Parameters.Add(new NpgsqlParameter("after_commit", NpgsqlDbType.Text) { Value = after is { } a ? a.Commit : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("after_path", NpgsqlDbType.Text) { Value = after is { } b ? b.Path : DBNull.Value });
        var rows = new List<StoredRow>(Page);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StoredRow(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5)));
        }

        return rows;
    }

    private sealed record StoredRepository(Guid Id, RepoType Type, string RepoId);

    private sealed record StoredRow(Guid Id, string Commit, string Path, string? LfsSha256, string? GitBlobOid, string ContentHash);
}
