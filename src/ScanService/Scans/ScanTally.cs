using System.Collections.Concurrent;
using ModelHub.Contracts.Scans;
using ModelHub.Jobs.Progress;

namespace ModelHub.ScanService.Scans;

/// <summary>
/// What a scan found, counted as it goes (safely from parallel workers), then turned into <see cref="StorageScanned"/>;
/// and where the scan reports how far it has got.
/// </summary>
internal sealed class ScanTally(JobProgress progress)
{
    private const int MaxProblems = 100;

    private readonly ConcurrentQueue<string> _problems = new();
    private readonly ConcurrentDictionary<Guid, byte> _repositories = new();
    private int _problemCount;

    public int BlobsChecked;
    public long BytesChecked;
    public int CorruptBlobs;
    public int RepairJobs;
    public int MissingBlobs;
    public int ArtifactsRestored;
    public int OrphanBlobs;
    public long OrphanBytes;
    public int OrphansDeleted;
    public int IncompleteFiles;
    public long IncompleteBytes;
    public int TempFilesDeleted;
    public int RepositoriesImported;
    public int FilesImported;
    public int FilesSkipped;
    public int BlobsEvicted;
    public long BytesEvicted;
    public long StoreBytes;
    public long? QuotaBytes;
    public int ViewFilesAdded;
    public int ViewEntriesRemoved;
    public TimeSpan HashingTime;

    public JobProgress Progress { get; } = progress;

    public int ProblemCount => _problemCount;

    public void Problem(string problem)
    {
        if (Interlocked.Increment(ref _problemCount) <= MaxProblems)
        {
            _problems.Enqueue(problem);
        }
    }

    public void Changed(Guid repositoryId) => _repositories.TryAdd(repositoryId, 0);

    public void Changed(IEnumerable<Guid> repositoryIds)
    {
        foreach (var id in repositoryIds)
        {
            Changed(id);
        }
    }

    public StorageScanned ToEvent(Guid jobId, string mode, string summary, DateTimeOffset finishedAt, TimeSpan duration) => new()
    {
        JobId = jobId,
        Mode = mode,
        Summary = summary,
        FinishedAt = finishedAt,
        DurationSeconds = Math.Round(duration.TotalSeconds, 3),
        BlobsChecked = BlobsChecked,
        BytesChecked = BytesChecked,
        BytesPerSecond = HashingTime > TimeSpan.Zero ? Math.Round(BytesChecked / HashingTime.TotalSeconds) : 0,
        CorruptBlobs = CorruptBlobs,
        RepairJobs = RepairJobs,
        MissingBlobs = MissingBlobs,
        ArtifactsRestored = ArtifactsRestored,
        OrphanBlobs = OrphanBlobs,
        OrphanBytes = OrphanBytes,
        OrphansDeleted = OrphansDeleted,
        IncompleteFiles = IncompleteFiles,
        IncompleteBytes = IncompleteBytes,
        TempFilesDeleted = TempFilesDeleted,
        RepositoriesImported = RepositoriesImported,
        FilesImported = FilesImported,
        FilesSkipped = FilesSkipped,
        BlobsEvicted = BlobsEvicted,
        BytesEvicted = BytesEvicted,
        StoreBytes = StoreBytes,
        QuotaBytes = QuotaBytes,
        ViewFilesAdded = ViewFilesAdded,
        ViewEntriesRemoved = ViewEntriesRemoved,
        Problems = [.. _problems],
        RepositoryIds = [.. _repositories.Keys],
    };
}
