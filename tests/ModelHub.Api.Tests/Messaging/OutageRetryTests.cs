using System.Collections.Concurrent;
using System.Net.Sockets;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;
using ModelHub.ServiceDefaults.Messaging;
using Npgsql;

namespace ModelHub.Api.Tests.Messaging;

/// <summary>
/// A job command's consumer while PostgreSQL restarts: the fault test that restarts the real database
/// (tests/faults/broker-db-restart.sh) found every queued command in download-artifact_error, because EF Core
/// reports an unreachable database as an <see cref="InvalidOperationException"/>, which the consumers took for a verdict.
/// </summary>
public sealed class OutageRetryTests
{
    [Fact]
    public async Task A_command_that_meets_a_database_outage_waits_it_out_and_succeeds()
    {
        await using var harness = await ProbeHarness.StartAsync();
        var id = Guid.NewGuid();

        await harness.Bus.Publish(new OutageProbe(id, Outages: 2, Verdict: false));

        (await harness.Harness.Consumed.Any<OutageProbe>(m => m.Context.Message.Id == id && m.Exception is null)).ShouldBeTrue();
        ProbeConsumer.Tries[id].ShouldBe(3);
        (await harness.Harness.Published.Any<Fault<OutageProbe>>()).ShouldBeFalse();
    }

    [Fact]
    public async Task A_verdict_still_faults_at_once()
    {
        await using var harness = await ProbeHarness.StartAsync();
        var id = Guid.NewGuid();

        await harness.Bus.Publish(new OutageProbe(id, Outages: 0, Verdict: true));

        (await harness.Harness.Published.Any<Fault<OutageProbe>>(m => m.Context.Message.Message.Id == id)).ShouldBeTrue();
        ProbeConsumer.Tries[id].ShouldBe(1);
    }

    [Fact]
    public void What_a_restarting_database_throws_is_an_outage()
    {
        OutageRetry.IsOutage(ProbeConsumer.Unreachable()).ShouldBeTrue();
        OutageRetry.IsOutage(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown)).ShouldBeTrue();
        OutageRetry.IsOutage(new PostgresException("the database system is starting up", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow)).ShouldBeTrue();
    }

    [Fact]
    public void A_broken_rule_is_not_an_outage()
    {
        OutageRetry.IsOutage(new InvalidOperationException("artifact 42 does not exist")).ShouldBeFalse();
        OutageRetry.IsOutage(new PostgresException("duplicate key value", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)).ShouldBeFalse();
    }

    private sealed class ProbeHarness : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;

        private ProbeHarness(ServiceProvider provider)
        {
            _provider = provider;
            Harness = provider.GetRequiredService<ITestHarness>();
        }

        public ITestHarness Harness { get; }

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

        public async ValueTask DisposeAsync()
        {
            await Harness.Stop();
            await _provider.DisposeAsync();
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
