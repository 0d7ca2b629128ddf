using Medallion.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Downloads;
using ModelHub.Ingest.Events;
using ModelHub.Ingest.Fetching;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Ingest;

/// <summary>
/// The one way an artifact's bytes enter the store, whoever wants them (a download job, a pull-through):
/// a lock on the expected content (one fetch per set of bytes across every process) → already stored? →
/// fetch (ranges or one stream, resumed) → verify → commit → the artifact recorded as stored →
/// <see cref="ArtifactDownloaded"/> (and <see cref="RepositoryFilesStored"/> for the files recorded together).
/// Bytes already stored complete at once, as deduplicated.
/// </summary>
public sealed partial class IngestPipeline(
    ArtifactRecords artifacts, BlobStore store, ArtifactFetcher fetcher, WholeFileFetcher wholeFiles,
    IDistributedLockProvider locks, LockGroups lockGroups, IArtifactEvents events, IOptions<IngestOptions> options, TimeProvider clock, ILogger<IngestPipeline> logger)
{
    private static readonly IReadOnlyDictionary<string, string> NoneStored = new Dictionary<string, string>();

    public async Task<Ingested> IngestAsync(IngestRequest request, IIngestObserver observer, CancellationToken cancellationToken)
    {
        var (artifact, repo) = await LoadAsync(request.ArtifactId, cancellationToken);
        if (store.FindStored(artifact.Status == ArtifactStatus.Completed ? artifact.ContentHash : null, artifact.Size, repo.Type) is { } done)
        {
            // A repeated request finds the work done: say so again, for whoever missed it.
            var again = await AnnounceAsync(request.JobId, artifact, repo, done, artifact.DownloadedAt ?? clock.GetUtcNowForDatabase(), cancellationToken);
            return new Ingested(again, SourceReport.None);
        }

        var contentKey = ContentKey.Of(await KnownSha256Async(artifact, cancellationToken), artifact.GitBlobOid, artifact.Id);
        var fetched = await UnderContentLockAsync(contentKey, request.LockWait, token => StoreHeldAsync(request, artifact, repo, observer, token), cancellationToken);
        var downloaded = await AnnounceAsync(request.JobId, artifact, repo, fetched.Blob, clock.GetUtcNowForDatabase(), cancellationToken);
        return new Ingested(downloaded, fetched.Sources);
    }

    /// <summary>
    /// Runs <paramref name="work"/> under the lock on <paramref name="contentKey"/>: one fetch of a set of bytes at a time,
    /// across every process. With <paramref name="watchLoss"/>, a holder that loses the lock stops writing at once, since
    /// another worker may be taking over the bytes; the watch costs the database a query and its cancellation per lock,
    /// which a small file (fetched in one short stream, committed by an atomic rename of verified bytes) does without:
    /// its holder losing the lock costs at most a second fetch of the same bytes.
    /// </summary>
    private async Task<T> UnderContentLockAsync<T>(
        string contentKey, TimeSpan wait, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken, bool watchLoss = true)
    {
        var lockName = LockNames.Blob(contentKey);
        await using var held = await locks.TryAcquireLockAsync(lockName, wait, cancellationToken)
            ?? throw new TimeoutException($"another worker has been fetching the same bytes for over {wait}");
        return watchLoss ? await held.RunWhileHeldAsync(lockName, work, cancellationToken) : await work(cancellationToken);
    }

    private async Task<FetchedBlob> StoreHeldAsync(
        IngestRequest request, ModelArtifact artifact, HubRepo repo, IIngestObserver observer, CancellationToken cancellationToken)
    {
        // Whoever held the lock before us may have stored these very bytes.
        if (store.FindStored(await KnownSha256Async(artifact, cancellationToken), artifact.Size, repo.Type) is { } stored)
        {
            await RecordAsync(artifact, stored, cancellationToken);
            return new FetchedBlob(stored, SourceReport.None);
        }

        await artifacts.MarkDownloadingAsync(artifact.Id, clock.GetUtcNowForDatabase(), cancellationToken);
        FetchedBlob fetched;
        try
        {
            fetched = await fetcher.FetchAsync(Target(artifact, repo), request.InOrder, observer, cancellationToken);
        }
        catch (Exception e)
        {
            await EndFetchAsync(artifact, e is ContentMismatchException ? ArtifactStatus.Failed : artifact.Status);
            throw;
        }

        await RecordAsync(artifact, fetched.Blob, cancellationToken);
        return fetched;
    }

    private Task RecordAsync(ModelArtifact artifact, StoredBlob blob, CancellationToken cancellationToken) =>
        artifacts.RecordStoredAsync([new StoredArtifact(artifact.Id, blob.Sha256, blob.RelativePath)], clock.GetUtcNowForDatabase(), cancellationToken);

    /// <summary>Says the fetch is over; its failure is what the caller hears, not a failure to say so.</summary>
    private async Task EndFetchAsync(ModelArtifact artifact, ArtifactStatus status)
    {
        try
        {
            await artifacts.EndFetchAsync(artifact.Id, status, clock.GetUtcNowForDatabase(), CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogWarning("Could not record the end of the fetch of artifact {ArtifactId}: {Reason}", artifact.Id, e.Message);
        }
    }

    private async Task<ArtifactDownloaded> AnnounceAsync(
        Guid jobId, ModelArtifact artifact, HubRepo repo, StoredBlob blob, DateTimeOffset storedAt, CancellationToken cancellationToken) =>
        (await AnnounceAsync(jobId, [new AnnouncedFile(artifact, repo, blob)], storedAt, cancellationToken))[0];

    /// <summary>
    /// Announces files whose rows say stored: an <see cref="ArtifactDownloaded"/> each, for the subscribers who follow
    /// every file, then one <see cref="RepositoryFilesStored"/> per repository, for those who only need to know that
    /// it changed (a file at a time, those would cost the broker and every Api instance a message a file).
    /// </summary>
    private async Task<ArtifactDownloaded[]> AnnounceAsync(
        Guid jobId, IReadOnlyList<AnnouncedFile> files, DateTimeOffset storedAt, CancellationToken cancellationToken)
    {
        var downloaded = files.Select(f => new ArtifactDownloaded
        {
            JobId = jobId,
            ArtifactId = f.Artifact.Id,
            RepositoryId = f.Artifact.RepositoryId,
            RepoType = f.Repo.Type.ToSnakeCase(),
            RepoId = f.Repo.Id,
            Commit = f.Artifact.Commit,
            Path = f.Artifact.Path,
            Sha256 = f.Blob.Sha256,
            Size = f.Artifact.Size,
            StoredPath = f.Blob.RelativePath,
            Deduplicated = f.Blob.Deduplicated,
            DownloadedAt = storedAt,
        }).ToArray();
        await Task.WhenAll(downloaded.Select(d => events.PublishAsync(d, cancellationToken)));
        foreach (var repository in downloaded.GroupBy(d => d.RepositoryId))
        {
            var any = repository.First();
            await events.PublishAsync(
                new RepositoryFilesStored
                {
                    RepositoryId = any.RepositoryId,
                    RepoType = any.RepoType,
                    RepoId = any.RepoId,
                    Files = repository.Count(),
                    Bytes = repository.Sum(d => d.Size),
                    StoredAt = storedAt,
                },
                cancellationToken);
        }

        return downloaded;
    }

    private async Task<(ModelArtifact Artifact, HubRepo Repo)> LoadAsync(Guid artifactId, CancellationToken cancellationToken)
    {
        var found = await artifacts.FindAsync(artifactId, cancellationToken)
            ?? throw new InvalidOperationException($"artifact {artifactId} does not exist");
        return (found.Artifact, new HubRepo(found.RepoType, found.RepoId));
    }

    /// <summary>The SHA-256 the bytes will have, when it is known before fetching them (one query at most).</summary>
    private async Task<string?> KnownSha256Async(ModelArtifact artifact, CancellationToken cancellationToken) =>
        KnownSha256(artifact, artifact.LfsSha256 is null && artifact.ContentHash is null && artifact.GitBlobOid is { } oid
            ? await artifacts.StoredContentByGitOidAsync([oid], cancellationToken)
            : NoneStored);

    /// <summary>
    /// The SHA-256 the bytes will have, when it is known before fetching them: an LFS file's, the one recorded when the
    /// artifact was stored, or that of the same git blob stored for another artifact (<paramref name="storedByGitOid"/>).
    /// </summary>
    private static string? KnownSha256(ModelArtifact artifact, IReadOnlyDictionary<string, string> storedByGitOid) =>
        artifact.LfsSha256 ?? artifact.ContentHash ?? (artifact.GitBlobOid is { } oid ? storedByGitOid.GetValueOrDefault(oid) : null);

    internal static FetchTarget Target(ModelArtifact artifact, HubRepo repo) =>
        new(artifact.Id, repo, artifact.Commit, artifact.Path, Expected(artifact, repo));

    internal static ExpectedContent Expected(ModelArtifact artifact, HubRepo repo) =>
        new(artifact.Size, artifact.LfsSha256, artifact.LfsSha256 is null ? artifact.GitBlobOid : null) { Repo = repo.Id, RepoType = repo.Type, Path = artifact.Path };
}
