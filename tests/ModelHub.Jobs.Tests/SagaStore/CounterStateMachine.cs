using MassTransit;
using Microsoft.EntityFrameworkCore;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.Tests.Infrastructure;
using Npgsql;

namespace ModelHub.Jobs.Tests.SagaStore;

/// <summary>A tiny saga on the real <c>job</c> table: enough to exercise every path of the store.</summary>
public sealed class CounterStateMachine : MassTransitStateMachine<JobState>
{
    public CounterStateMachine(ArrivalBarrier openingBarrier, RetryCounter retryCounter)
    {
        InstanceState(x => x.CurrentState);

        Event(() => CounterOpened, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => CounterBumped, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => CountersBumpedSince, e => e.CorrelateBy((job, context) => job.CreatedAt >= context.Message.OpenedAt));
        Event(() => CounterBroken, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => CounterStumbled, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => CounterClosed, e => e.CorrelateById(m => m.Message.JobId));

        Initially(
            When(CounterOpened)
                .Then(context =>
                {
                    context.Saga.Kind = JobKind.Scan;
                    context.Saga.Payload = "{}";
                    context.Saga.CreatedAt = DateTimeOffset.UtcNow;
                })
                .ThenAsync(_ => openingBarrier.ArriveAsync())
                .TransitionTo(Running));

        During(Running,
            Ignore(CounterOpened),
            When(CounterBumped)
                .Then(retryCounter.Record)
                .Then(context => context.Saga.ProgressReports++),
            When(CountersBumpedSince).Then(context => context.Saga.ProgressReports++),
            When(CounterBroken).ThenAsync(AddThousandAndSaveAsync).Then(_ => throw new InvalidOperationException("The counter broke.")),
            When(CounterStumbled).ThenAsync(AddThousandAndSaveAsync).Then(StumbleOnFirstAttempt),
            When(CounterClosed).Finalize());

        SetCompletedWhenFinalized();
    }

    public State Running { get; } = null!;

    public Event<CounterOpened> CounterOpened { get; } = null!;

    public Event<CounterBumped> CounterBumped { get; } = null!;

    public Event<CountersBumpedSince> CountersBumpedSince { get; } = null!;

    public Event<CounterBroken> CounterBroken { get; } = null!;

    public Event<CounterStumbled> CounterStumbled { get; } = null!;

    public Event<CounterClosed> CounterClosed { get; } = null!;

    // Written inside the saga's transaction, so only a rollback can take it back.
    private static async Task AddThousandAndSaveAsync<T>(BehaviorContext<JobState, T> context)
        where T : class
    {
        context.Saga.ProgressReports += 1000;
        await context.GetPayload<DbContext>().SaveChangesAsync(context.CancellationToken);
    }

    private static void StumbleOnFirstAttempt(BehaviorContext<JobState, CounterStumbled> context)
    {
        if (context.GetRetryAttempt() == 0)
        {
            throw new PostgresException("Simulated serialization failure.", "ERROR", "ERROR", PostgresErrorCodes.SerializationFailure);
        }
    }
}
