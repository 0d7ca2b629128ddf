using MassTransit;

namespace ModelHub.ScanService.CacheView;

/// <summary>The synced commits' queue, shared by every ScanService instance; a failed pass is tried again after a pause (it adds only what is missing).</summary>
internal sealed class CacheViewSyncedConsumerDefinition : ConsumerDefinition<CacheViewSyncedConsumer>
{
    public CacheViewSyncedConsumerDefinition() => EndpointName = "cache-view-synced";

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<CacheViewSyncedConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 1000, 5000));
}
