using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelHub.ServiceDefaults.Messaging;
using Xunit.Abstractions;

namespace ModelHub.IntegrationTests.Messaging;

/// <summary>
/// A receive endpoint that loses its connection waits for the messages it is running to finish before it
/// consumes again. One that never finishes (stuck on something that ignores cancellation) must not keep
/// the endpoint away from its queue for ever: the bus that <see cref="MessagingExtensions.AddModelHubBus"/>
/// configures gives up on it after <see cref="MessagingExtensions.StopTimeout"/>. Otherwise a broker restart
/// can leave a queue with messages and no consumer while every service still says it is ready.
/// </summary>
[Trait("Category", "RabbitMq")]
public sealed class ConnectionLossTests(ITestOutputHelper output)
{
    private const string Queue = "connection-loss-test";

    [Fact]
    public async Task When_an_endpoint_whose_message_never_finishes_loses_its_connection_Should_consume_again()
    {
        await using var broker = await TestVirtualHost.CreateAsync("hang");
        var probe = new Probe();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[$"ConnectionStrings:{MessagingExtensions.ConnectionStringName}"] = broker.ConnectionString;
        builder.Services.AddSingleton(probe);
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        builder.AddModelHubBus(bus => bus.AddConsumer<HangingConsumer>().Endpoint(endpoint => endpoint.Name = Queue));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var queue = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{Queue}"));
            await queue.Send(new Ping("hang"));
            await probe.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(30));

            await TestVirtualHost.RabbitMqCtlAsync("close_all_connections", "-p", broker.Name, "connection-loss test");
            var lost = Stopwatch.StartNew();
            await WaitForConsumerAsync(broker.ConnectionString, lost);
            output.WriteLine($"{Queue} had a consumer again {lost.Elapsed.TotalSeconds:F1} s after its connection was closed (stop timeout {MessagingExtensions.StopTimeout.TotalSeconds} s)");
        }
        finally
        {
            // Else the host, which waits for its messages when it stops, would wait for this one for ever.
            probe.Release.TrySetResult();
            await host.StopAsync();
        }
    }

    /// <summary>Until the queue has a consumer again: the stop timeout and 90 s of reconnecting at most.</summary>
    private static async Task WaitForConsumerAsync(string connectionString, Stopwatch lost)
    {
        var limit = MessagingExtensions.StopTimeout + TimeSpan.FromSeconds(90);
        await Poll.UntilAsync(() => Broker.CountConsumersAsync(connectionString, Queue), consumers => consumers > 0, limit - lost.Elapsed,
            _ => $"{Queue} has had no consumer since its connection was closed", TimeSpan.FromMilliseconds(250));
    }

    public sealed record Ping(string Name);

    public sealed class Probe
    {
        public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The first delivery of "hang" waits for the test to release it, its cancellation notwithstanding.</summary>
    public sealed class HangingConsumer(Probe probe) : IConsumer<Ping>
    {
        public async Task Consume(ConsumeContext<Ping> context)
        {
            if (context.Message.Name == "hang" && !context.ReceiveContext.Redelivered)
            {
                probe.Hanging.TrySetResult();
                await probe.Release.Task;
            }
        }
    }
}
