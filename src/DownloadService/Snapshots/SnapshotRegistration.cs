using MassTransit;
using ModelHub.Contracts.Snapshots;
using ModelHub.Jobs;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.DownloadService.Snapshots;

internal static class SnapshotRegistration
{
    public static IHostApplicationBuilder AddSnapshotDownloads(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SnapshotOptions>()
            .BindConfiguration(SnapshotOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<SnapshotPlanner>();
        return builder;
    }

    /// <summary>The snapshot jobs' consumer, the batches' consumer, and the client the first sends the second's batches with.</summary>
    public static IBusRegistrationConfigurator AddSnapshotConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddJobConsumer<DownloadSnapshotConsumer, DownloadSnapshotConsumerDefinition>();
        bus.AddConsumer<DownloadSnapshotBatchConsumer, DownloadSnapshotBatchConsumerDefinition>();
        bus.AddRequestClient<DownloadSnapshotBatch>(QueueNames.Address(QueueNames.DownloadSnapshotBatch));
        return bus;
    }
}
