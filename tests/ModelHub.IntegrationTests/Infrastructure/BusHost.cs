using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>
/// A service of a test's own on a fixture's virtual host, as another team's would be: a host with ModelHub's
/// bus and one consumer on one queue, which reaches the instance that started it. The queue is consumed one
/// message at a time, in the order the broker holds them, so <see cref="CatchUpAsync"/> can tell a test that
/// nothing more is on its way.
/// </summary>
public abstract class BusHost : IAsyncDisposable
{
    private static readonly TimeSpan _catchUpCeiling = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _marks = new();
    private IHost? _host;
    private string? _queue;

    /// <summary>This service's bus, to publish events as a service would.</summary>
    public IBus Bus => (_host ?? throw new InvalidOperationException("The host is not started.")).Services.GetRequiredService<IBus>();

    /// <summary>
    /// Returns once every message that reached this service's queue before the call has been consumed: a
    /// <see cref="QueueMark"/> sent now comes out behind them. Whatever was published before the call and is
    /// not recorded then never will be; that, not a pause, is how a test shows that something did not arrive.
    /// </summary>
    public async Task CatchUpAsync()
    {
        var mark = new QueueMark(Guid.NewGuid());
        var consumed = _marks.GetOrAdd(mark.Id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            var queue = await Bus.GetSendEndpoint(new Uri($"queue:{_queue}"));
            await queue.Send(mark);
            await consumed.Task.WaitAsync(_catchUpCeiling);
        }
        finally
        {
            _marks.TryRemove(mark.Id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    internal void MarkConsumed(QueueMark mark)
    {
        if (_marks.TryGetValue(mark.Id, out var consumed))
        {
            consumed.TrySetResult();
        }
    }

    protected static async Task<T> StartAsync<T, TConsumer>(T service, string rabbitMqConnectionString, string queue)
        where T : BusHost
        where TConsumer : class, IConsumer
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[$"ConnectionStrings:{MessagingExtensions.ConnectionStringName}"] = rabbitMqConnectionString;
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton<BusHost>(service);
        builder.AddModelHubBus(bus =>
        {
            bus.AddConsumer<TConsumer>().Endpoint(e => OneAtATime(e, queue));
            bus.AddConsumer<QueueMarkConsumer>().Endpoint(e => OneAtATime(e, queue));
        });
        service._queue = queue;
        service._host = builder.Build();
        await service._host.StartAsync();
        return service;
    }

    private static void OneAtATime(IEndpointRegistrationConfigurator endpoint, string queue)
    {
        endpoint.Name = queue;
        endpoint.ConcurrentMessageLimit = 1;
    }
}
