using System.Collections.Concurrent;
using System.Net.Sockets;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;
using ModelHub.ServiceDefaults.Messaging;
using ModelHub.TestSupport;
using Npgsql;

namespace ModelHub.Api.Tests.Messaging;

/// <summary>
/// A job command's consumer while PostgreSQL restarts (tests/faults/broker-db-restart.sh restarts the real one):
/// EF Core reports an unreachable database as an <see cref="InvalidOperationException"/>, which a consumer would
/// take for a verdict and dead-letter; an outage must be waited out and retried instead.
/// </summary>
public sealed class OutageRetryTests
{
    [Fact]
    public async Task When_a_command_meets_a_database_outage_Should_wait_it_out_and_succeed()
    {
        await using var harness = await ProbeHarness.StartAsync();
        var id = Guid.NewGuid();

        await harness.Bus.Publish(new OutageProbe(id, Outages: 2, Verdict: false));

        (await harness.Harness.Consumed.Any<OutageProbe>(m => m.Context.Message.Id == id && m.Exception is null)).ShouldBeTrue();
        ProbeConsumer.Tries[id].ShouldBe(3);
        (await harness.Harness.Published.Any<Fault<OutageProbe>>()).ShouldBeFalse();
    }

    [Fact]
    public async Task When_the_consumer_gives_a_verdict_Should_fault_at_once()
    {
        await using var harness = await ProbeHarness.StartAsync();
        var id = Guid.NewGuid();

        await harness.Bus.Publish(new OutageProbe(id, Outages: 0, Verdict: true));

        (await harness.Harness.Published.Any<Fault<OutageProbe>>(m => m.Context.Message.Message.Id == id)).ShouldBeTrue();
        ProbeConsumer.Tries[id].ShouldBe(1);
    }

    [Fact]
    public void When_a_restarting_database_throws_Should_count_as_an_outage()
    {
        OutageRetry.IsOutage(ProbeConsumer.Unreachable()).ShouldBeTrue();
        OutageRetry.IsOutage(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown)).ShouldBeTrue();
        OutageRetry.IsOutage(new PostgresException("the database system is starting up", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow)).ShouldBeTrue();
    }

    [Fact]
    public void When_a_rule_is_broken_Should_not_count_as_an_outage()
    {
        OutageRetry.IsOutage(new InvalidOperationException("artifact 42 does not exist")).ShouldBeFalse();
        OutageRetry.IsOutage(new PostgresException("duplicate key value", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)).ShouldBeFalse();
    }

    private sealed class ProbeHarness(ServiceProvider provider) : HarnessHost(provider)
    {
        public IBus Bus => Harness.Bus;

        public static async Task<ProbeHarness> StartAsync()
        {
            var provider = new ServiceCollection()
                .AddMassTransitTestHarness(bus =>
                {
                    bus.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(20));
                    bus.AddConsumer<ProbeConsumer, ProbeConsumerDefinition>();
                })
                .BuildServiceProvider(true);
            var harness = new ProbeHarness(provider);
            await harness.Harness.Start();
            return harness;
        }
    }
}

public sealed record OutageProbe(Guid Id, int Outages, bool Verdict);

/// <summary>Meets <see cref="OutageProbe.Outages"/> unreachable databases, then succeeds or gives its verdict.</summary>
public sealed class ProbeConsumer : IConsumer<OutageProbe>
{
    public static ConcurrentDictionary<Guid, int> Tries { get; } = new();

    public Task Consume(ConsumeContext<OutageProbe> context)
    {
        var probe = context.Message;
        var tries = Tries.AddOrUpdate(probe.Id, 1, (_, n) => n + 1);
        if (tries <= probe.Outages)
        {
            throw Unreachable();
        }

        return probe.Verdict ? throw new InvalidOperationException($"artifact {probe.Id} does not exist") : Task.CompletedTask;
    }

    // What EF Core throws when Npgsql cannot connect and no retrying execution strategy is configured.
    internal static InvalidOperationException Unreachable() => new(
        "An exception has been raised that is likely due to a transient failure.",
        new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)));
}

public sealed class ProbeConsumerDefinition() : JobConsumerDefinition<ProbeConsumer, OutageProbe>(ProbeKind, 4)
{
    private static readonly JobKindDescriptor<OutageProbe> ProbeKind = new(
        JobKind.Scan, "outage-probe", _ => throw new NotSupportedException("probes are sent by the tests"), probe => new JobAttempt(probe.Id, 1));
}
