using ModelHub.Contracts.Jobs;

namespace ModelHub.Contracts.Snapshots;

/// <summary>What became of a <see cref="DownloadSnapshotBatch"/>: the files stored (and their bytes), and those that failed.</summary>
public sealed record SnapshotBatchDownloaded(int Files, long Bytes, IReadOnlyList<FailedItem> Failed);
