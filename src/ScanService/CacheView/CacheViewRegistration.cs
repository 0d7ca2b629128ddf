using MassTransit;
using ModelHub.Storage.CacheView;

namespace ModelHub.ScanService.CacheView;

internal static class CacheViewRegistration
{
    /// <summary>The writer every change to the cache view goes through (the view itself comes with the store).</summary>
    public static IHostApplicationBuilder AddCacheView(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CacheViewWriter>();
        return builder;
    }

    /// <summary>The consumers that keep the view with the store, when <c>CacheView:Folder</c> is set: none, and no queues, when it is off.</summary>
    public static IBusRegistrationConfigurator AddCacheViewConsumers(this IBusRegistrationConfigurator bus, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration[$"{CacheViewOptions.Section}:{nameof(CacheViewOptions.Folder)}"]))
        {
            bus.AddConsumer<CacheViewFilesConsumer, CacheViewFilesConsumerDefinition>();
            bus.AddConsumer<CacheViewSyncedConsumer, CacheViewSyncedConsumerDefinition>();
        }

        return bus;
    }
}
