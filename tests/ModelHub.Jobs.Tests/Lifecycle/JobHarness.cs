using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Contracts.Jobs;
using ModelHub.Contracts.Sync;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Lifecycle;
using ModelHub.Jobs.Records;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Jobs.Tests.Lifecycle;

/// <summary>
/// The job saga on MassTransit's in-memory test harness, with a fake SyncService whose behaviour
/// each spec chooses. For the same saga on PostgreSQL and RabbitMQ, see the integration tests.
/// </summary>
internal sealed class JobHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private JobHarness(ServiceProvider provider)
    {
        _provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<JobLifecycleStateMachine, JobState>();
    }

    public ITestHarness Harness { get; }

    public ISagaStateMachineTestHarness<JobLifecycleStateMachine, JobState> Saga { get; }

    public JobLifecycleStateMachine Machine => Saga.StateMachine;

    /// <param name="syncService">What the fake SyncService does with a <see cref="SyncRepository"/>; null: nothing.</param>
    /// <param name="configureBus">More for the in-memory bus (e.g. a send filter that plays a broker going away).</param>
    public static async Task<JobHarness> StartAsync(
        Func<ConsumeContext<SyncRepository>, Task>? syncService = null, Action<IInMemoryBusFactoryConfigurator>? configureBus = null)
    {
        var provider = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<JobKindDescriptor>(JobKindRegistry.Sync)
            .AddMassTransitTestHarness(bus =>
            {
                bus.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(10), testInactivityTimeout: TimeSpan.FromMilliseconds(500));
                bus.AddSagaStateMachine<JobLifecycleStateMachine, JobState>().InMemoryRepository();
                bus.AddHandler<SyncRepository>(context => syncService?.Invoke(context) ?? Task.CompletedTask)
                    .Endpoint(endpoint => endpoint.Name = QueueNames.SyncRepository);
                bus.UsingInMemory((context, memory) =>
                {
                    configureBus?.Invoke(memory);
                    memory.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider(true);
        var harness = new JobHarness(provider);
        await harness.Harness.Start();
        return harness;
    }

    /// <summary>What a submitter does (the Pending row first, then its announcement), until the saga has sent the command.</summary>
    public async Task<Guid> SubmitSyncAsync()
    {
        var job = JobState.NewPending(JobKind.Sync, """{"repo_id":"org/model","revision":"main"}""", null, null, DateTimeOffset.UtcNow);
        Harness.AddSagaInstance<JobState>(job.CorrelationId, row =>
        {
            row.CurrentState = job.CurrentState;
            row.Kind = job.Kind;
            row.Payload = job.Payload;
            row.CreatedAt = job.CreatedAt;
        });
        await PublishAsync(Announcement(job.CorrelationId));
        await WaitUntilAsync(job.CorrelationId, j => j.DispatchedAt is not null);
        return job.CorrelationId;
    }

    /// <summary>The announcement of a job, as its submitter (and later the dispatcher) publishes it.</summary>
    public static JobSubmitted Announcement(Guid jobId) => new()
    {
        JobId = jobId,
        Kind = "sync",
        Payload = """{"repo_id":"org/model","revision":"main"}""",
        SubmittedAt = DateTimeOffset.UtcNow,
    };

    public Task PublishAsync<T>(T message)
        where T : class => Harness.Bus.Publish(message);

    public async Task<JobState> ShouldReachAsync(Guid jobId, Func<JobLifecycleStateMachine, State> state)
    {
        var found = await Saga.Exists(jobId, state);
        found.ShouldNotBeNull($"job {jobId} did not reach {state(Machine).Name}; it is {Saga.Sagas.Contains(jobId)?.CurrentState}");
        return Saga.Sagas.Contains(jobId)!;
    }

    /// <summary>Waits (bounded) until the job meets <paramref name="condition"/>, rather than for the bus to go quiet.</summary>
    public async Task<JobState> WaitUntilAsync(Guid jobId, Func<JobState, bool> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (Saga.Sagas.Contains(jobId) is { } job && condition(job))
            {
                return job;
            }

            await Task.Delay(50);
        }

        throw new ShouldAssertException($"job {jobId} never met the condition; it is {Saga.Sagas.Contains(jobId)?.CurrentState}");
    }

    public async Task<int> CommandsSentAsync(Guid jobId)
    {
        await Harness.InactivityTask;
        return Harness.Sent.Select<SyncRepository>(m => m.Context.Message.JobId == jobId).Count();
    }

    public async Task ShouldHaveNoFaultsAsync()
    {
        await Harness.InactivityTask;
        Harness.Published.Select<Fault>().ShouldBeEmpty();
        Harness.Consumed.Select(m => m.Exception != null).ShouldBeEmpty();
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
