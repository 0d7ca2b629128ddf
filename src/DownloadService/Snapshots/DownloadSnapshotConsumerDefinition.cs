using ModelHub.Contracts.Snapshots;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Kinds;

namespace ModelHub.DownloadService.Snapshots;

/// <summary>
/// Two snapshots at once per instance: each mostly waits for its batches. A retry of the command (a lost
/// database, a lost broker) plans again and sends what is still to do; files stored meanwhile are found stored.
/// </summary>
internal sealed class DownloadSnapshotConsumerDefinition()
    : JobConsumerDefinition<DownloadSnapshotConsumer, DownloadSnapshot>(JobKindRegistry.Snapshot, 2);
