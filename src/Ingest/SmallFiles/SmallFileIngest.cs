using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Ingest.SmallFiles;

/// <summary>
/// The ingest pipeline's entry for many small files of one commit (a sync's configs, tokenizers, model
/// cards): already stored? → fetch whole → verify → commit → a readable copy under <c>metadata/</c> → all
/// recorded in two statements. No lock per file and no <c>ArtifactDownloaded</c>: a lock would cost a
/// round trip per file (thousands in a sync), and two fetchers of the same small bytes only waste a
/// fetch, since the commit is an atomic rename that finds the blob there and keeps it.
/// </summary>
public sealed class SmallFileIngest(ModelHubDbContext db, IHubClient hub, BlobStore store, TimeProvider clock, ILogger<SmallFileIngest> logger)
{
    public async Task<IReadOnlyList<IngestedFile>> IngestAsync(
        HubRepo repo, IReadOnlyList<ModelArtifact> artifacts, SmallFileSettings settings, Func<long, long, Task> reportProgress,
        CancellationToken cancellationToken)
    {
        var knownContent = await db.Artifacts.StoredContentByGitOidAsync(
            artifacts.Where(a => a.LfsSha256 is null && a.GitBlobOid is not null).Select(a => a.GitBlobOid!).Distinct().ToList(), cancellationToken);
        var total = artifacts.Sum(a => a.Size);
        long done = 0;
        var results = new ConcurrentBag<IngestedFile>();

        await Parallel.ForEachAsync(artifacts, new ParallelOptions
        {
            MaxDegreeOfParallelism = settings.Concurrency,
            CancellationToken = cancellationToken,
        }, async (artifact, ct) =>
        {
            var sha256 = artifact.LfsSha256 ?? (artifact.GitBlobOid is { } oid ? knownContent.GetValueOrDefault(oid) : null);
            results.Add(await IngestOneAsync(repo, artifact, sha256, settings.Attempts, ct));
            await reportProgress(Interlocked.Add(ref done, artifact.Size), total);
        });

        await RecordAsync(results, cancellationToken);
        return [.. results];
    }

    private async Task<IngestedFile> IngestOneAsync(HubRepo repo, ModelArtifact artifact, string? knownSha256, int attempts, CancellationToken cancellationToken)
    {
        try
        {
            var blob = knownSha256 is not null && store.Contains(knownSha256)
                ? AlreadyStored(knownSha256, artifact.Size)
                : await FetchAsync(repo, artifact, attempts, cancellationToken);
            store.LinkIntoMetadata(blob.Sha256, repo.Type, repo.Id, artifact.Commit, artifact.Path);
            return new IngestedFile(artifact.Id, artifact.Path, ArtifactStatus.Completed, blob.Sha256, blob.RelativePath, artifact.Size, blob.Deduplicated, null);
        }
        catch (Exception e) when (e is ContentMismatchException or HubException or IOException or HttpRequestException)
        {
            logger.LogWarning("Could not fetch {Repo}@{Commit}/{Path}: {Reason}", repo, artifact.Commit, artifact.Path, e.Message);
            return new IngestedFile(artifact.Id, artifact.Path, ArtifactStatus.Failed, null, null, 0, false, e.Message);
        }
    }

    private async Task<StoredBlob> FetchAsync(HubRepo repo, ModelArtifact artifact, int attempts, CancellationToken cancellationToken)
    {
        var expected = IngestPipeline.Expected(artifact, repo);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var download = await hub.DownloadAsync(repo, artifact.Commit, artifact.Path, 0, cancellationToken);
                expected.RefuseOversizeAnnouncement(download.Offset, download.ContentLength);
                return await store.StoreAsync(download.Content, expected, $"sync-{artifact.Id:N}", cancellationToken);
            }
            catch (Exception e) when (attempt < attempts
                && e is ContentMismatchException or IOException or HttpRequestException or HubException { Error: HubError.Stalled })
            {
                logger.LogInformation("Fetching {Path} again (attempt {Attempt} failed: {Reason})", artifact.Path, attempt, e.Message);
            }
        }
    }

    private async Task RecordAsync(IReadOnlyCollection<IngestedFile> results, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForDatabase();
        await db.RecordStoredAsync(
            [.. results.Where(r => r.Status == ArtifactStatus.Completed).Select(r => new StoredArtifact(r.ArtifactId, r.Sha256!, r.LocalPath!))],
            now, cancellationToken);
        await db.MarkFailedAsync([.. results.Where(r => r.Status == ArtifactStatus.Failed).Select(r => r.ArtifactId)], now, cancellationToken);
    }

    private static StoredBlob AlreadyStored(string sha256, long size)
    {
        StoreTelemetry.RecordDedupHit();
        return new StoredBlob(sha256, size, BlobStore.RelativeBlobPath(sha256), Deduplicated: true);
    }
}
