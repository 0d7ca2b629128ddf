using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.SagaStore;
using ModelHub.Jobs.Tests.Infrastructure;
using ModelHub.Persistence;

namespace ModelHub.Jobs.Tests.SagaStore;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSagaStoreTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly ArrivalBarrier _openingBarrier = new();
    private readonly RetryCounter _retryCounter = new();
    private ServiceProvider? _services;

    private ITestHarness Harness => _services!.GetRequiredService<ITestHarness>();

    private ISagaStateMachineTestHarness<CounterStateMachine, JobState> Saga =>
        Harness.GetSagaStateMachineHarness<CounterStateMachine, JobState>();

    public async Task InitializeAsync()
    {
        _services = postgres.AddDatabase(new ServiceCollection())
            .AddSingleton(_openingBarrier)
            .AddSingleton(_retryCounter)
            .AddMassTransitTestHarness(bus =>
            {
                bus.AddSagaStateMachine<CounterStateMachine, JobState, CounterStateDefinition>()
                    .UsePostgresSagaStore<JobState, ModelHubDbContext>();
            })
            .BuildServiceProvider(validateScopes: true);
        await Harness.Start();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    [Fact]
    public async Task When_a_first_message_arrives_Should_insert_the_instance_that_query_and_load_then_find()
    {
        var id = NewId.NextGuid();

        await Harness.Bus.Publish(new CounterOpened(id));

        (await Saga.Exists(id, machine => machine.Running)).ShouldBe(id);
        var loaded = await _services!.GetRequiredService<ILoadSagaRepository<JobState>>().Load(id);
        loaded.ShouldNotBeNull();
        loaded.CurrentState.ShouldBe(JobStateNames.Running);
        loaded.Kind.ShouldBe(JobKind.Scan);
    }

    [Fact]
    public async Task When_fifty_bumps_of_one_instance_arrive_at_once_Should_count_them_all()
    {
        var id = await OpenCounterAsync();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Harness.Bus.Publish(new CounterBumped(id))));

        (await Saga.Exists(job => job.CorrelationId == id && job.ProgressReports == 50, machine => machine.Running)).ShouldNotBeNull();
        (await ReadJobAsync(id)).ProgressReports.ShouldBe(50);
        (await Harness.Published.Any<Fault<CounterBumped>>()).ShouldBeFalse();
        _retryCounter.Retries.ShouldBe(0, "the row lock makes concurrent messages wait for each other, not fail and retry");
    }

    [Fact]
    public async Task When_an_event_is_correlated_by_a_query_Should_reach_every_matching_instance_and_no_other()
    {
        var before = await OpenCounterAsync();
        var since = DateTimeOffset.UtcNow;
        var first = await OpenCounterAsync();
        var second = await OpenCounterAsync();

        await Harness.Bus.Publish(new CountersBumpedSince(since));

        (await Saga.Exists(job => (job.CorrelationId == first || job.CorrelationId == second) && job.ProgressReports == 1, machine => machine.Running))
            .ShouldNotBeNull().Count.ShouldBe(2);
        (await ReadJobAsync(before)).ProgressReports.ShouldBe(0);
    }

    [Fact]
    public async Task When_eight_first_messages_for_one_id_race_Should_make_exactly_one_row()
    {
        var id = NewId.NextGuid();
        _openingBarrier.Expected = 8;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Harness.Bus.Publish(new CounterOpened(id))));
        await Harness.InactivityTask;

        _openingBarrier.Arrivals.ShouldBe(8, "all eight should have raced to insert before any committed");
        await using var db = postgres.CreateDbContext();
        (await db.Jobs.CountAsync(job => job.CorrelationId == id)).ShouldBe(1);
        (await Harness.Published.Any<Fault<CounterOpened>>()).ShouldBeFalse();
    }

    [Fact]
    public async Task When_an_activity_throws_Should_roll_back_its_writes_and_still_take_the_next_message()
    {
        var id = await OpenCounterAsync();

        await Harness.Bus.Publish(new CounterBroken(id));

        (await Harness.Published.Any<Fault<CounterBroken>>()).ShouldBeTrue();
        (await ReadJobAsync(id)).ProgressReports.ShouldBe(0);

        await Harness.Bus.Publish(new CounterBumped(id));

        (await Saga.Exists(job => job.CorrelationId == id && job.ProgressReports == 1, machine => machine.Running)).ShouldNotBeNull();
    }

    [Fact]
    public async Task When_a_message_is_retried_Should_start_again_from_the_committed_row()
    {
        var id = await OpenCounterAsync();

        await Harness.Bus.Publish(new CounterStumbled(id));
        await Harness.InactivityTask;

        (await ReadJobAsync(id)).ProgressReports.ShouldBe(1000);
        (await Harness.Published.Any<Fault<CounterStumbled>>()).ShouldBeFalse();
    }

    [Fact]
    public async Task When_an_instance_is_finalized_Should_delete_its_row()
    {
        var id = await OpenCounterAsync();

        await Harness.Bus.Publish(new CounterClosed(id));

        (await Saga.NotExists(id)).ShouldBeNull();
        await using var db = postgres.CreateDbContext();
        (await db.Jobs.AnyAsync(job => job.CorrelationId == id)).ShouldBeFalse();
    }

    private async Task<Guid> OpenCounterAsync()
    {
        var id = NewId.NextGuid();
        await Harness.Bus.Publish(new CounterOpened(id));
        (await Saga.Exists(id, machine => machine.Running)).ShouldBe(id);
        return id;
    }

    private async Task<JobState> ReadJobAsync(Guid id)
    {
        await using var db = postgres.CreateDbContext();
        return await db.Jobs.AsNoTracking().SingleAsync(job => job.CorrelationId == id);
    }
}
