using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ModelHub.Ingest.Batches;
using ModelHub.Ingest.Fetching;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Ingest;

/// <summary>
/// The pipeline's entry for many files of one job: each file under its content lock, already stored? → fetch →
/// verify → commit, so many at once; the stored ones recorded a statement for as many as finished meanwhile, and
/// each announced with <c>ArtifactDownloaded</c>. A file that fails is an outcome, not an exception: its siblings go on.
/// </summary>
public sealed partial class IngestPipeline
{
    private const int MaxRecordedAtOnce = 256;

    private static readonly IIngestObserver Unobserved = new NoObserver();

    public async Task<IReadOnlyList<BatchFileOutcome>> IngestBatchAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        var found = await artifacts.FindAsync(batch.ArtifactIds, cancellationToken);
        var knownByOid = await artifacts.StoredContentByGitOidAsync(
            [.. found.Where(f => f.Artifact.LfsSha256 is null && f.Artifact.GitBlobOid is not null).Select(f => f.Artifact.GitBlobOid!).Distinct()],
            cancellationToken);

        var files = found.Select(f =>
        {
            var known = KnownSha256(f.Artifact, knownByOid);
            var repo = new HubRepo(f.RepoType, f.RepoId);
            return new BatchFile(f.Artifact, repo, known, store.FindStored(known, f.Artifact.Size, repo.Type));
        }).ToList();
        // The small files' content locks in one request (a lock request each cost more than such a file's fetch); the
        // large ones, and any the group did not get because another worker holds it, are locked one by one.
        await using var smallFileLocks = await lockGroups.TryAcquireAsync(
            files.Where(f => f.Stored is null && f.Artifact.Size < options.Value.ParallelThresholdBytes).Select(f => f.LockName), cancellationToken);

        // Fetches run in parallel; one loop records and announces what they finish as it goes, so that a worker that
        // stops mid-batch leaves the files it stored recorded (a rerun finds them stored), not only fetched.
        var finished = Channel.CreateUnbounded<FinishedFile>(new UnboundedChannelOptions { SingleReader = true });
        var recording = RecordAsFinishedAsync(finished.Reader, batch.JobId, cancellationToken);
        Exception? failure = null;
        try
        {
            await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = batch.Concurrency, CancellationToken = cancellationToken },
                async (item, token) =>
                {
                    var (blob, error) = await StoreOneAsync(batch, item, smallFileLocks.Holds(item.LockName), token);
                    var file = new FinishedFile(item.Artifact, item.Repo, blob, error);
                    await finished.Writer.WriteAsync(file, token);
                    // The next file waits for this one's row: a worker that stops leaves no more stored-but-unrecorded
                    // files than it had fetches in flight.
                    await file.Recorded.Task.WaitAsync(token);
                });
        }
        catch (Exception e)
        {
            failure = e;
        }

        finished.Writer.TryComplete();
        List<BatchFileOutcome> outcomes = [];
        try
        {
            outcomes = await recording;
        }
        catch (Exception) when (failure is not null)
        {
            // The recorder stopped with the fetches (the same cancellation, the same lost database): theirs is the failure to report.
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        var gone = batch.ArtifactIds.Except(found.Select(f => f.Artifact.Id))
            .Select(id => new BatchFileOutcome(id, id.ToString(), 0, null, $"artifact {id} no longer exists"));
        return [.. outcomes, .. gone];
    }

    /// <summary>Records and announces the files as their fetches finish, as many at a time as have finished meanwhile.</summary>
    private async Task<List<BatchFileOutcome>> RecordAsFinishedAsync(ChannelReader<FinishedFile> finished, Guid jobId, CancellationToken cancellationToken)
    {
        var outcomes = new List<BatchFileOutcome>();
        var group = new List<FinishedFile>();
        try
        {
            while (await finished.WaitToReadAsync(cancellationToken))
            {
                group.Clear();
                while (group.Count < MaxRecordedAtOnce && finished.TryRead(out var file))
                {
                    group.Add(file);
                }

                outcomes.AddRange(await RecordGroupAsync(group, jobId, cancellationToken));
            }
        }
        catch (Exception e)
        {
            // The fetchers waiting for their rows stop with the recorder.
            foreach (var waiting in group)
            {
                waiting.Recorded.TrySetException(e);
            }

            while (finished.TryRead(out var file))
            {
                file.Recorded.TrySetException(e);
            }

            throw;
        }

        return outcomes;
    }

    private async Task<BatchFileOutcome[]> RecordGroupAsync(List<FinishedFile> group, Guid jobId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForDatabase();
        var stored = group.Where(f => f.Blob is not null).ToList();
        await artifacts.RecordStoredAsync([.. stored.Select(f => new StoredArtifact(f.Artifact.Id, f.Blob!.Sha256, f.Blob.RelativePath))], now, cancellationToken);
        await artifacts.MarkFailedAsync([.. group.Where(f => f.Error is ContentMismatchException).Select(f => f.Artifact.Id)], now, cancellationToken);
        foreach (var file in group)
        {
            file.Recorded.TrySetResult();
        }

        // Their rows are committed: now subscribers may hear of them.
        var downloaded = await AnnounceAsync(jobId, [.. stored.Select(f => new AnnouncedFile(f.Artifact, f.Repo, f.Blob!))], now, cancellationToken);
        return
        [
            .. stored.Select((f, i) => new BatchFileOutcome(f.Artifact.Id, f.Artifact.Path, f.Artifact.Size, downloaded[i], null)),
            .. group.Where(f => f.Blob is null).Select(f => new BatchFileOutcome(f.Artifact.Id, f.Artifact.Path, f.Artifact.Size, null, f.Error!.Message)),
        ];
    }

    /// <param name="locked">Whether the batch holds the file's content lock already (<see cref="LockGroups"/>).</param>
    private async Task<(StoredBlob? Blob, Exception? Error)> StoreOneAsync(IngestBatch batch, BatchFile file, bool locked, CancellationToken cancellationToken)
    {
        var (artifact, repo, knownSha256) = (file.Artifact, file.Repo, file.Known);
        try
        {
            // Whoever held the lock before us (another batch with the same file, after a worker stopped) may have stored
            // these very bytes: a git blob's SHA-256 is looked up again, as it may have been recorded since the batch began.
            async Task<StoredBlob> StoreHeldAsync(CancellationToken token) =>
                store.FindStored(knownSha256 ?? await KnownSha256Async(artifact, token), artifact.Size, repo.Type)
                    ?? await FetchAsync(batch, artifact, repo, token);

            var blob = file.Stored
                ?? (locked
                    ? await StoreHeldAsync(cancellationToken)
                    : await UnderContentLockAsync(file.ContentKey, batch.LockWait, StoreHeldAsync, cancellationToken,
                        watchLoss: artifact.Size >= options.Value.ParallelThresholdBytes));
            return (blob, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsFileFailure(e))
        {
            logger.LogWarning("Could not store {Repo}@{Commit}/{Path}: {Reason}", repo, artifact.Commit, artifact.Path, e.Message);
            return (null, e);
        }
    }

    /// <summary>A small file whole, in one stream; a larger one resumable (ranges from the parallel threshold on), tried again while it breaks or stalls.</summary>
    private async Task<StoredBlob> FetchAsync(IngestBatch batch, ModelArtifact artifact, HubRepo repo, CancellationToken cancellationToken)
    {
        if (artifact.Size < WholeFileFetcher.MaxBytes)
        {
            return await wholeFiles.FetchAsync(Target(artifact, repo), batch.Attempts, cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await fetcher.FetchAsync(Target(artifact, repo), inOrder: false, Unobserved, cancellationToken)).Blob;
            }
            catch (Exception e) when (attempt < batch.Attempts && !StoreFullException.IsDiskFull(e) && IsTransient(e))
            {
                logger.LogInformation("Fetching {Path} again, from where it stopped (attempt {Attempt} failed: {Reason})", artifact.Path, attempt, e.Message);
            }
        }
    }

    /// <summary>This file's failure, not the batch's: a full disk or a lost database fails every file alike, and the batch with them.</summary>
    private static bool IsFileFailure(Exception e) =>
        !StoreFullException.IsDiskFull(e) && e is ContentMismatchException or UpstreamChangedException or HubException or IOException or HttpRequestException or TimeoutException;

    /// <summary>Worth another try now: the fetch resumes where the part ends (a mismatch was already refetched from the other upstreams).</summary>
    private static bool IsTransient(Exception e) =>
        e is IOException or HttpRequestException or HubException { Error: HubError.Stalled };

    /// <summary>
    /// A file of the batch, with the SHA-256 its bytes will have when that is known before fetching them, and the blob
    /// that holds them when the batch started (looked up once: each look counts as a dedup hit).
    /// </summary>
    private sealed record BatchFile(ModelArtifact Artifact, HubRepo Repo, string? Known, StoredBlob? Stored)
    {
        public string ContentKey { get; } = Ingest.ContentKey.Of(Known, Artifact.GitBlobOid, Artifact.Id);

        public string LockName => LockNames.Blob(ContentKey);
    }

    private sealed record FinishedFile(ModelArtifact Artifact, HubRepo Repo, StoredBlob? Blob, Exception? Error)
    {
        /// <summary>Completed once the file's row is written (or failed with the recorder).</summary>
        public TaskCompletionSource Recorded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class NoObserver : IIngestObserver
    {
        public void Opened(string partPath, long size, long keptBytes)
        {
        }

        public ValueTask WroteAsync(int bytes) => ValueTask.CompletedTask;

        public void Verified()
        {
        }
    }
}
