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
/// Rebuilds the cache view from what the database says is stored: adds what is missing or wrong (each entry by an atomic
/// rename, so readers see the old entry or the new one), writes the refs of every repository it shows, then removes what the view
/// held before the rebuild and nothing stands for now: links first, then blobs. Entries added while it runs are left alone.
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

        // The view as it was before: what the rebuild may take out. An entry made meanwhile is not in it.
        var before = view.Walk().ToList();
        var links = before.Where(e => e.Kind == ViewEntryKind.SnapshotLink).ToDictionary(e => (e.Folder, e.RelativePath), e => e.LinkTarget);
        var blobs = before.Where(e => e.Kind == ViewEntryKind.Blob).Select(e => (e.Folder, e.RelativePath)).ToHashSet();

        var shown = new HashSet<(string Folder, string RelativePath)>();
        var repositories = new Dictionary<Guid, string>();
        var alreadyShown = 0;
        tally.Progress.ExpectItems("files", await CountStoredAsync(cancellationToken));
        Guid? after = null;
        while (await NextPageAsync(after, cancellationToken) is { Count: > 0 } page)
        {
            var missing = new List<StoredFile>();
            foreach (var row in page.Where(Showable))
            {
                var folder = HfCacheNames.RepositoryFolder(row.RepoType, row.RepoId);
                var blob = $"blobs/{HfCacheNames.BlobName(row.LfsSha256, row.GitBlobOid!)}";
                var link = $"snapshots/{row.Commit}/{row.Path}";
                shown.Add((folder, blob));
                shown.Add((folder, link));
                repositories.TryAdd(row.RepositoryId, folder);
                var target = HfCacheNames.SnapshotLinkTarget(row.Path, blob["blobs/".Length..]);
                if (!blobs.Contains((folder, blob)) || links.GetValueOrDefault((folder, link)) != target)
                {
                    missing.Add(new StoredFile(row.Id, row.ContentHash));
                }
                else
                {
                    alreadyShown++;
                }
            }

            tally.ViewFilesAdded += await writer.AddReportingAsync(missing, tally, cancellationToken);
            await tally.Progress.AddItemsAsync(page.Count);
            after = page[^1].Id;
        }

        foreach (var repositoryId in repositories.Keys)
        {
            await writer.WriteRefsAsync(repositoryId, cancellationToken, onlyIfShown: true);
        }

        var shownFolders = repositories.Values.ToHashSet(StringComparer.Ordinal);
        var stale = before.Where(e => e.Kind switch
        {
            ViewEntryKind.SnapshotLink or ViewEntryKind.Blob => !shown.Contains((e.Folder, e.RelativePath)),
            ViewEntryKind.Ref => !shownFolders.Contains(e.Folder), // a shown repository's refs were just written
            _ => true,
        }).ToList();
        tally.ViewEntriesRemoved = view.Delete(stale);
        return $"the cache view shows {alreadyShown + tally.ViewFilesAdded} file(s): {tally.ViewFilesAdded} added, "
            + $"{tally.ViewEntriesRemoved} stale entr{(tally.ViewEntriesRemoved == 1 ? "y" : "ies")} removed";
    }

    private async Task<int> CountStoredAsync(CancellationToken cancellationToken)
    {
        await using var command = postgres.CreateCommand($"SELECT count(*)::int FROM model_artifact AS a WHERE {StoredFilter}");
        command.Parameters.Add(new NpgsqlParameter<string>("completed", ArtifactStatus.Completed.ToSnakeCase()));
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The next page of stored files by artifact id (a keyset on the primary key).</summary>
    private async Task<List<StoredRow>> NextPageAsync(Guid? after, CancellationToken cancellationToken)
    {
        await using var command = postgres.CreateCommand($"""
            SELECT a.id, a.repository_id, r.repo_type, r.repo_id, a."commit", a.path, a.lfs_sha256, a.git_blob_oid, a.content_hash
            FROM model_artifact AS a JOIN model_repo AS r ON r.id = a.repository_id
            WHERE {StoredFilter} AND (@after::uuid IS NULL OR a.id > @after)
            ORDER BY a.id LIMIT {Page}
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("completed", ArtifactStatus.Completed.ToSnakeCase()));
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Uuid) { Value = after is { } id ? id : DBNull.Value });
        var rows = new List<StoredRow>(Page);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StoredRow(
                reader.GetGuid(0), reader.GetGuid(1), SnakeCaseEnums.ParseSnakeCase<RepoType>(reader.GetString(2)), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetString(8)));
        }

        return rows;
    }

    /// <summary>A name no cache folder can carry is the writer's to report; the rebuild only counts what it can show.</summary>
    private static bool Showable(StoredRow row) => HfCacheView.CanShow(row.RepoType, row.RepoId);

    private sealed record StoredRow(
        Guid Id, Guid RepositoryId, RepoType RepoType, string RepoId, string Commit, string Path, string? LfsSha256, string? GitBlobOid, string ContentHash);
}
