using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>
/// A service of a test's own on a fixture's virtual host, as another team's would be: a host with ModelHub's
/// bus and the consumers the test gives it, which reach the instance that started them.
/// </summary>
public abstract class BusHost : IAsyncDisposable
{
    private IHost? _host;

    /// <summary>This service's bus, to publish events as a service would.</summary>
    public IBus Bus => (_host ?? throw new InvalidOperationException("The host is not started.")).Services.GetRequiredService<IBus>();

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected static async Task<T> StartAsync<T>(T service, string rabbitMqConnectionString, Action<IBusRegistrationConfigurator> consumers)
        where T : BusHost
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[$"ConnectionStrings:{MessagingExtensions.ConnectionStringName}"] = rabbitMqConnectionString;
        builder.Services.AddSingleton(service);
        builder.AddModelHubBus(consumers);
        service._host = builder.Build();
        await service._host.StartAsync();
        return service;
    }
}
