using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelHub.ServiceDefaults.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ModelHub.IntegrationTests.Messaging;

/// <summary>The ready check that asks the test broker whether this service's queues really have consumers.</summary>
[Trait("Category", "RabbitMq")]
public sealed class BrokerConsumersHealthCheckTests
{
    [Fact]
    public async Task When_a_consumed_queue_has_no_consumer_for_longer_than_the_grace_Should_be_unhealthy_until_one_is_back()
    {
        await using var broker = await TestVirtualHost.CreateAsync("consumers");
        var address = RabbitMqAddress.Parse(broker.ConnectionString);
        await using var connection = await address.ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in new[] { "consumed", "abandoned" })
        {
            await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        }

        await channel.BasicConsumeAsync("consumed", autoAck: true, new AsyncEventingBasicConsumer(channel));
        var queues = new ConsumedQueues();
        await queues.Ready(new Ready(new Uri($"rabbitmq://{address.Host}:{address.Port}/{broker.Name}/consumed")));
        await queues.Ready(new Ready(new Uri($"rabbitmq://{address.Host}:{address.Port}/{broker.Name}/abandoned")));
        await queues.Ready(new Ready(new Uri($"rabbitmq://{address.Host}:{address.Port}/{broker.Name}/bus-endpoint?temporary=true")));
        queues.Names.ShouldBe(["consumed", "abandoned"], ignoreOrder: true);

        var clock = new ManualClock();
        await using var check = new BrokerConsumersHealthCheck(queues, address, clock, NullLogger<BrokerConsumersHealthCheck>.Instance);
        (await CheckAsync(check)).Status.ShouldBe(HealthStatus.Healthy, "a queue just seen without a consumer may be reconnecting");

        clock.Advance(BrokerConsumersHealthCheck.Grace + TimeSpan.FromSeconds(1));
        var lost = await CheckAsync(check);
        lost.Status.ShouldBe(HealthStatus.Unhealthy);
        lost.Description!.ShouldContain("abandoned (21 s, 0 messages)");
        lost.Description!.ShouldNotContain("consumed (");

        clock.Advance(TimeSpan.FromSeconds(1));
        (await CheckAsync(check)).Status.ShouldBe(HealthStatus.Unhealthy, "the last answer stands for 5 s");

        await channel.BasicConsumeAsync("abandoned", autoAck: true, new AsyncEventingBasicConsumer(channel));
        clock.Advance(TimeSpan.FromSeconds(5));
        (await CheckAsync(check)).Status.ShouldBe(HealthStatus.Healthy);
    }

    [Fact]
    public async Task When_the_check_says_unhealthy_Should_have_the_watchdog_stop_the_service_only_after_its_limit()
    {
        await using var broker = await TestVirtualHost.CreateAsync("watchdog");
        var address = RabbitMqAddress.Parse(broker.ConnectionString);
        await using var connection = await address.ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync("abandoned", durable: false, exclusive: false, autoDelete: false);
        var queues = new ConsumedQueues();
        await queues.Ready(new Ready(new Uri($"rabbitmq://{address.Host}:{address.Port}/{broker.Name}/abandoned")));
        var clock = new ManualClock();
        await using var check = new BrokerConsumersHealthCheck(queues, address, clock, NullLogger<BrokerConsumersHealthCheck>.Instance);
        var limit = TimeSpan.FromSeconds(60);
        var watchdog = new LostConsumerWatchdog(check, Options.Create(new LostConsumerOptions { ExitWhenConsumerLostFor = limit }),
            null!, clock, NullLogger<LostConsumerWatchdog>.Instance);

        var answers = new List<bool>();
        foreach (var step in new[] { 0, 21, 30, 31 })
        {
            clock.Advance(TimeSpan.FromSeconds(step));
            answers.Add(await watchdog.ShouldExitAsync(limit, CancellationToken.None));
        }

        answers.ShouldBe([false, false, false, true], "grace 20 s (0 s, 21 s), then 60 s of Unhealthy (51 s: not yet; 82 s: stop)");
        await channel.BasicConsumeAsync("abandoned", autoAck: true, new AsyncEventingBasicConsumer(channel));
        clock.Advance(TimeSpan.FromSeconds(6));
        (await watchdog.ShouldExitAsync(limit, CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task When_the_broker_cannot_be_reached_Should_leave_it_to_the_bus_check()
    {
        var queues = new ConsumedQueues();
        await queues.Ready(new Ready(new Uri("rabbitmq://127.0.0.1:1/vhost/consumed")));
        var unreachable = new RabbitMqAddress("127.0.0.1", 1, "/", "nobody", "secret");
        await using var check = new BrokerConsumersHealthCheck(queues, unreachable, new ManualClock(), NullLogger<BrokerConsumersHealthCheck>.Instance);

        var result = await CheckAsync(check);

        result.Status.ShouldBe(HealthStatus.Healthy);
        result.Description!.ShouldStartWith("the broker could not be asked");
        result.Description.ShouldNotContain("secret");
    }

    private static Task<HealthCheckResult> CheckAsync(BrokerConsumersHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration(BrokerConsumersHealthCheck.Name, check, HealthStatus.Unhealthy, null),
        });

    private sealed record Ready(Uri InputAddress) : ReceiveEndpointReady
    {
        public IReceiveEndpoint ReceiveEndpoint => null!;

        public bool IsStarted => true;
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
