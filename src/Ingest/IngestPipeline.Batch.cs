using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ModelHub.Ingest.Batches;
using ModelHub.Ingest.Fetching;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Ingest;

/// <summary>
/// The pipeline's entry for many files of one job: each file under its content lock, already stored? → fetch →
/// verify → commit, so many at once; then the stored ones recorded in one statement and each announced with
/// <c>ArtifactDownloaded</c>. The database is read once before and written once after, since the fetches run
/// in parallel and the scope's context is not theirs to share. A file that fails is an outcome, not an exception:
/// its siblings go on.
/// </summary>
public sealed partial class IngestPipeline
{
    private static readonly IIngestObserver Unobserved = new NoObserver();

    public async Task<IReadOnlyList<BatchFileOutcome>> IngestBatchAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        var found = await db.Artifacts.AsNoTracking()
            .Where(a => batch.ArtifactIds.Contains(a.Id))
            .Join(db.Repositories, a => a.RepositoryId, r => r.Id, (a, r) => new { Artifact = a, r.RepoType, r.RepoId })
            .ToListAsync(cancellationToken);
        var knownByOid = await db.Artifacts.StoredContentByGitOidAsync(
            [.. found.Where(f => f.Artifact.LfsSha256 is null && f.Artifact.GitBlobOid is not null).Select(f => f.Artifact.GitBlobOid!).Distinct()],
            cancellationToken);

        var outcomes = new ConcurrentQueue<(ModelArtifact Artifact, HubRepo Repo, StoredBlob? Blob, Exception? Error)>();
        await Parallel.ForEachAsync(found, new ParallelOptions { MaxDegreeOfParallelism = batch.Concurrency, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                var artifact = item.Artifact;
                var repo = new HubRepo(item.RepoType, item.RepoId);
                var known = artifact.LfsSha256 ?? artifact.ContentHash ?? (artifact.GitBlobOid is { } oid ? knownByOid.GetValueOrDefault(oid) : null);
                var (blob, error) = await StoreOneAsync(batch, artifact, repo, known, token);
                outcomes.Enqueue((artifact, repo, blob, error));
            });

        var now = clock.GetUtcNowForDatabase();
        await db.RecordStoredAsync(
            [.. outcomes.Where(o => o.Blob is not null).Select(o => new StoredArtifact(o.Artifact.Id, o.Blob!.Sha256, o.Blob.RelativePath))], now, cancellationToken);
        await db.MarkFailedAsync([.. outcomes.Where(o => o.Error is ContentMismatchException).Select(o => o.Artifact.Id)], now, cancellationToken);

        // Every stored row is committed: now subscribers may hear of them.
        var announced = await Task.WhenAll(outcomes.Select(async o => o.Blob is { } blob
            ? new BatchFileOutcome(o.Artifact.Id, o.Artifact.Path, o.Artifact.Size, await AnnounceAsync(batch.JobId, o.Artifact, o.Repo, blob, now, cancellationToken), null)
            : new BatchFileOutcome(o.Artifact.Id, o.Artifact.Path, o.Artifact.Size, null, o.Error!.Message)));
        var gone = batch.ArtifactIds.Except(found.Select(f => f.Artifact.Id))
            .Select(id => new BatchFileOutcome(id, id.ToString(), 0, null, $"artifact {id} no longer exists"));
        return [.. announced, .. gone];
    }

    private async Task<(StoredBlob? Blob, Exception? Error)> StoreOneAsync(
        IngestBatch batch, ModelArtifact artifact, HubRepo repo, string? knownSha256, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var blob = AlreadyStored(knownSha256, artifact.Size, repo)
                    ?? await UnderContentLockAsync(ContentKey.Of(knownSha256, artifact.GitBlobOid, artifact.Id), batch.LockWait,
                        async token => AlreadyStored(knownSha256, artifact.Size, repo)
                            ?? (await fetcher.FetchAsync(Target(artifact, repo), inOrder: false, Unobserved, token)).Blob,
                        cancellationToken);
                return (blob, null);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsFileFailure(e))
            {
                if (attempt >= batch.Attempts || !IsTransient(e))
                {
                    logger.LogWarning("Could not store {Repo}@{Commit}/{Path}: {Reason}", repo, artifact.Commit, artifact.Path, e.Message);
                    return (null, e);
                }

                logger.LogInformation("Fetching {Path} again (attempt {Attempt} failed: {Reason})", artifact.Path, attempt, e.Message);
            }
        }
    }

    /// <summary>This file's failure, not the batch's: a full disk or a lost database fails every file alike, and the batch with them.</summary>
    private static bool IsFileFailure(Exception e) =>
        !StoreFullException.IsDiskFull(e) && e is ContentMismatchException or UpstreamChangedException or HubException or IOException or HttpRequestException or TimeoutException;

    /// <summary>Worth another try now: the fetch resumes where the part ends (a mismatch was already refetched from the other upstreams).</summary>
    private static bool IsTransient(Exception e) =>
        e is IOException or HttpRequestException or HubException { Error: HubError.Stalled };

    private sealed class NoObserver : IIngestObserver
    {
        public void Opened(string partPath, long size, long keptBytes)
        {
        }

        public ValueTask WroteAsync(int bytes) => ValueTask.CompletedTask;
    }
}
