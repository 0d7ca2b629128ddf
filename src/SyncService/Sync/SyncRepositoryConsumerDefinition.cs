using ModelHub.Contracts.Sync;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Kinds;
using ModelHub.Upstream;

namespace ModelHub.SyncService.Sync;

/// <summary>Upstream verdicts (not found, gated) and store verdicts are final: retrying cannot change them.</summary>
internal sealed class SyncRepositoryConsumerDefinition()
    : JobConsumerDefinition<SyncRepositoryConsumer, SyncRepository>(JobKindRegistry.Sync, 4, typeof(HubException), typeof(TimeoutException));
