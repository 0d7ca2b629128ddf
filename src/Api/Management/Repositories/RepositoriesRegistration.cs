using MassTransit;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Api.Management.Repositories;

internal static class RepositoriesRegistration
{
    /// <summary>The cache of repositories' file counts and sizes (memory, then Redis).</summary>
    public static IHostApplicationBuilder AddRepositorySummaries(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHybridCache();
        builder.Services.AddSingleton<RepositorySummaryCache>();
        builder.Services.AddSingleton<RepositorySummaryRefresher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RepositorySummaryRefresher>());
        return builder;
    }

    /// <summary>A temporary queue per Api instance: cache invalidation must reach every instance.</summary>
    public static IBusRegistrationConfigurator AddRepositoryCacheInvalidation(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<RepositoryChangedConsumer>().Endpoint(endpoint => endpoint.PerInstance());
        return bus;
    }
}
