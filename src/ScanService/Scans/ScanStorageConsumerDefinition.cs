using ModelHub.Contracts.Scans;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Kinds;

namespace ModelHub.ScanService.Scans;

/// <summary>One scan at a time per instance: scans are disk-bound, and two of them would only slow each other down.</summary>
internal sealed class ScanStorageConsumerDefinition() : JobConsumerDefinition<ScanStorageConsumer, ScanStorage>(JobKindRegistry.Scan, 1);
