using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Jobs.Consumers;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Lifecycle;
using ModelHub.Jobs.Progress;
using ModelHub.Jobs.Records;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.TestSupport;
using StackExchange.Redis;

namespace ModelHub.Jobs.Tests.Consumers;

/// <summary>
/// A job kind's consumer on the module's base and definition, with the job saga beside it, on MassTransit's
/// in-memory test harness. Live progress goes to the test Redis when it answers, and is skipped when not.
/// </summary>
internal sealed class ConsumerHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private ConsumerHarness(ServiceProvider provider)
    {
        _provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<JobLifecycleStateMachine, JobState>();
    }

    public ITestHarness Harness { get; }

    public ISagaStateMachineTestHarness<JobLifecycleStateMachine, JobState> Saga { get; }

    public static async Task<ConsumerHarness> StartAsync()
    {
        var provider = new ServiceCollection()
            .AddLogging()
            .AddOptions()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect($"{TestInfrastructure.Require("Redis")},abortConnect=false"))
            .AddSingleton<RedisCircuit>()
            .AddSingleton<LiveProgress>()
            .AddSingleton<RunningJobs>()
            .AddSingleton<JobKindDescriptor>(FakeKind.Descriptor)
            .AddMassTransitTestHarness(bus =>
            {
                bus.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(20), testInactivityTimeout: TimeSpan.FromMilliseconds(500));
                bus.AddSagaStateMachine<JobLifecycleStateMachine, JobState>().InMemoryRepository();
                bus.AddJobConsumer<FakeWorkConsumer, FakeWorkConsumerDefinition>();
            })
            .BuildServiceProvider(true);
        var harness = new ConsumerHarness(provider);
        await harness.Harness.Start();
        return harness;
    }

    /// <summary>A job whose command was sent: its row is Pending and dispatched, as the saga leaves it.</summary>
    public Guid Dispatched()
    {
        var id = NewId.NextGuid();
        Harness.AddSagaInstance<JobState>(id, job =>
        {
            job.CurrentState = JobStateNames.Pending;
            job.Kind = JobKind.Scan;
            job.CreatedAt = DateTimeOffset.UtcNow;
            job.DispatchedAt = job.CreatedAt;
        });
        return id;
    }

    /// <summary>
    /// Waits (bounded) until a message matching <paramref name="filter"/> has been consumed. The harness's own
    /// wait ends at its inactivity timeout, which a loaded machine can pass while a chain of messages is still
    /// on its way (a cancel reaches the work through the saga and a second event).
    /// </summary>
    public async Task<bool> ConsumedAsync<T>(Func<IReceivedMessage<T>, bool> filter)
        where T : class
    {
        for (var i = 0; i < 200; i++)
        {
            if (await Harness.Consumed.Any<T>(m => filter(m)))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    public async Task SendAsync(FakeWork command)
    {
        var endpoint = await Harness.Bus.GetSendEndpoint(new Uri($"queue:{FakeKind.Descriptor.Queue}"));
        await endpoint.Send(command);
    }

    public async Task<JobState> ShouldReachAsync(Guid jobId, Func<JobLifecycleStateMachine, State> state)
    {
        (await Saga.Exists(jobId, state)).ShouldNotBeNull($"job {jobId} is {Saga.Sagas.Contains(jobId)?.CurrentState}");
        return Saga.Sagas.Contains(jobId)!;
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
