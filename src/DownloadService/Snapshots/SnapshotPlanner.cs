using System.Globalization;
using System.Runtime.CompilerServices;
using ModelHub.Contracts.Repositories;
using ModelHub.Contracts.Snapshots;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Storage;
using Npgsql;

namespace ModelHub.DownloadService.Snapshots;

/// <summary>
/// Lists a snapshot's files from what the sync recorded of its commit, through its patterns, a page at a time: a
/// 100,000-file dataset is never held in memory at once, only its totals and the batches in flight.
/// </summary>
internal sealed class SnapshotPlanner(NpgsqlDataSource postgres, BlobStore store)
{
    /// <summary>Files read per query (keyset pages by path: each a short query on the commit's unique index).</summary>
    internal const int PageFiles = 1_000;

    private const string RepositorySql = "SELECT repo_type, repo_id FROM model_repo WHERE id = @id";

    // {0}: nothing, or the large files only, or the small ones only.
    private const string PageSql = """
        SELECT id, path, size, CASE WHEN status = @completed THEN content_hash END
        FROM model_artifact
        WHERE repository_id = @repo AND "commit" = @commit AND path > @after{0}
        ORDER BY path
        LIMIT @page
        """;

    /// <summary>
    /// The snapshot's totals: every selected file, and those stored already (recorded so, and the blob still there: an
    /// eviction or a lost disk leaves the row behind), which an attempt that <paramref name="completes"/> earlier work leaves alone.
    /// </summary>
    public async Task<SnapshotPlan> PlanAsync(DownloadSnapshot command, bool completes, long largeFileBytes, CancellationToken cancellationToken)
    {
        var (repoType, repoId) = await RepositoryAsync(command.RepositoryId, cancellationToken);
        var plan = new SnapshotPlan(command.RepositoryId, repoType, repoId, command.Commit, FilePatterns.Selector(command.Include, command.Exclude), completes, largeFileBytes);
        await foreach (var file in SelectedAsync(plan, large: null, cancellationToken))
        {
            plan.Count(file);
        }

        return plan;
    }

    /// <summary>
    /// The files to send, in batches: each large file alone, first, so that it runs while the small ones go by; then the
    /// small ones in path order, <paramref name="batchFiles"/> at a time. A run that completes earlier work skips the stored.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<SnapshotFile>> BatchesAsync(
        SnapshotPlan plan, int batchFiles, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Large files are few next to the small ones (a model's weights beside its configs): sorted here, largest first.
        var large = new List<SnapshotFile>();
        await foreach (var file in SelectedAsync(plan, large: true, cancellationToken))
        {
            large.Add(file);
        }

        foreach (var alone in large.Where(plan.Wanted).OrderByDescending(f => f.Size))
        {
            yield return [alone];
        }

        var small = new List<SnapshotFile>(batchFiles);
        await foreach (var file in SelectedAsync(plan, large: false, cancellationToken))
        {
            if (!plan.Wanted(file))
            {
                continue;
            }

            small.Add(file);
            if (small.Count == batchFiles)
            {
                yield return small;
                small = new List<SnapshotFile>(batchFiles);
            }
        }

        if (small.Count > 0)
        {
            yield return small;
        }
    }

    private async Task<(RepoType Type, string Id)> RepositoryAsync(Guid repositoryId, CancellationToken cancellationToken)
    {
        await using var command = postgres.CreateCommand(RepositorySql);
        command.Parameters.Add(new NpgsqlParameter<Guid>("id", repositoryId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (SnakeCaseEnums.ParseSnakeCase<RepoType>(reader.GetString(0)), reader.GetString(1))
            : throw new InvalidOperationException($"repository {repositoryId} no longer exists");
    }

    /// <summary>The selected files in path order, the large ones only, the small ones only, or (<paramref name="large"/> null) all.</summary>
    private async IAsyncEnumerable<SnapshotFile> SelectedAsync(SnapshotPlan plan, bool? large, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sql = string.Format(CultureInfo.InvariantCulture, PageSql, large switch
        {
            true => " AND size >= @large",
            false => " AND size < @large",
            null => "",
        });
        var after = "";
        while (true)
        {
            var page = await PageAsync(sql, plan, after, cancellationToken);
            foreach (var file in page.Where(f => plan.Selects(f.Path)))
            {
                // Only an attempt that completes earlier work asks the store (a first run fetches or finds each file anyway).
                yield return new SnapshotFile(file.Id, file.Path, file.Size, plan.Completes && file.Stored is { } sha256 && store.Contains(sha256));
            }

            if (page.Count < PageFiles)
            {
                yield break;
            }

            after = page[^1].Path;
        }
    }

    private async Task<List<(Guid Id, string Path, long Size, string? Stored)>> PageAsync(string sql, SnapshotPlan plan, string after, CancellationToken cancellationToken)
    {
        await using var command = postgres.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("completed", ArtifactStatus.Completed.ToSnakeCase()));
        command.Parameters.Add(new NpgsqlParameter<Guid>("repo", plan.RepositoryId));
        command.Parameters.Add(new NpgsqlParameter<string>("commit", plan.Commit));
        command.Parameters.Add(new NpgsqlParameter<string>("after", after));
        command.Parameters.Add(new NpgsqlParameter<long>("large", plan.LargeFileBytes));
        command.Parameters.Add(new NpgsqlParameter<int>("page", PageFiles));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var page = new List<(Guid, string, long, string?)>(PageFiles);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return page;
    }
}
