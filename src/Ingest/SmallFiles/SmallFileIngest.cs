using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Storage;
using ModelHub.Ingest.Fetching;
using ModelHub.Upstream;

namespace ModelHub.Ingest.SmallFiles;

/// <summary>
/// The ingest pipeline's entry for many small files of one commit (a sync's configs, tokenizers, model
/// cards), taken from a <see cref="SmallFileQueue"/> while the tree is still being recorded: already stored? →
/// fetch whole → verify → commit → a readable copy under <c>metadata/</c> → all recorded in two statements. No lock per file and no <c>ArtifactDownloaded</c>: a lock would cost a
/// round trip per file (thousands in a sync), and two fetchers of the same small bytes only waste a
/// fetch, since the commit is an atomic rename that finds the blob there and keeps it.
/// </summary>
public sealed class SmallFileIngest(
    ArtifactRecords artifacts, WholeFileFetcher wholeFiles, BlobStore store, TimeProvider clock, ILogger<SmallFileIngest> logger)
{
    /// <summary>
    /// Queues the small files of a batch just recorded that are not stored yet, each with the sha256 its bytes have when
    /// the store may hold them already (an LFS file's, or a git blob's stored before under another path).
    /// </summary>
    public async Task QueueBatchAsync(SmallFileQueue queue, IReadOnlyList<ModelArtifact> batch, CancellationToken cancellationToken)
    {
        var knownContent = await artifacts.StoredContentByGitOidAsync(
            batch.Where(a => a.LfsSha256 is null && a.GitBlobOid is not null).Select(a => a.GitBlobOid!).Distinct().ToList(), cancellationToken);
        foreach (var artifact in batch)
        {
            var sha256 = artifact.LfsSha256 ?? (artifact.GitBlobOid is { } oid ? knownContent.GetValueOrDefault(oid) : null);
            await queue.AddAsync(artifact, sha256, cancellationToken);
        }
    }

    /// <summary>
    /// Fetches and stores every file of <paramref name="queue"/> until it is completed, then records them all, in two
    /// statements whatever their number.
    /// </summary>
    public async Task<IReadOnlyList<IngestedFile>> IngestAsync(
        HubRepo repo, SmallFileQueue queue, SmallFileSettings settings, Func<long, long, Task> reportProgress, CancellationToken cancellationToken)
    {
        long done = 0;
        var results = new ConcurrentBag<IngestedFile>();

        await Parallel.ForEachAsync(queue.ReadAllAsync(cancellationToken), new ParallelOptions
        {
            MaxDegreeOfParallelism = settings.Concurrency,
            CancellationToken = cancellationToken,
        }, async (file, ct) =>
        {
            results.Add(await IngestOneAsync(repo, file.Artifact, file.KnownSha256, settings.Attempts, ct));
            await reportProgress(Interlocked.Add(ref done, file.Artifact.Size), queue.QueuedBytes);
        });

        await RecordAsync(results, cancellationToken);
        return [.. results];
    }

    private async Task<IngestedFile> IngestOneAsync(HubRepo repo, ModelArtifact artifact, string? knownSha256, int attempts, CancellationToken cancellationToken)
    {
        try
        {
            var blob = store.FindStored(knownSha256, artifact.Size, repo.Type)
                ?? await wholeFiles.FetchAsync(IngestPipeline.Target(artifact, repo), attempts, cancellationToken);
            store.LinkIntoMetadata(blob.Sha256, repo.Type, repo.Id, artifact.Commit, artifact.Path);
            return new IngestedFile(artifact.Id, artifact.Path, ArtifactStatus.Completed, blob.Sha256, blob.RelativePath, artifact.Size, blob.Deduplicated, null);
        }
        catch (Exception e) when (e is ContentMismatchException or HubException or IOException or HttpRequestException)
        {
            logger.LogWarning("Could not fetch {Repo}@{Commit}/{Path}: {Reason}", repo, artifact.Commit, artifact.Path, e.Message);
            return new IngestedFile(artifact.Id, artifact.Path, ArtifactStatus.Failed, null, null, 0, false, e.Message)
            {
                RefusedAsGated = e is HubException { Error: HubError.GatedRepo },
            };
        }
    }

    private async Task RecordAsync(IReadOnlyCollection<IngestedFile> results, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForDatabase();
        await artifacts.RecordStoredAsync(
            [.. results.Where(r => r.Status == ArtifactStatus.Completed).Select(r => new StoredArtifact(r.ArtifactId, r.Sha256!, r.LocalPath!))],
            now, cancellationToken);
        await artifacts.MarkFailedAsync([.. results.Where(r => r.Status == ArtifactStatus.Failed).Select(r => r.ArtifactId)], now, cancellationToken);
    }
}
