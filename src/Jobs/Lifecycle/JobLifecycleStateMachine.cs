using MassTransit;
using ModelHub.Contracts.Jobs;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;

namespace ModelHub.Jobs.Lifecycle;

/// <summary>
/// Every job's lifecycle: Pending → Running → Completed | Failed, Cancelled from Pending or
/// Running, and Failed or Cancelled → Pending again on a retry (named apart from MassTransit's
/// own JobStateMachine). Events of an earlier attempt, repeats and late arrivals are ignored:
/// they never fault and never reach an error queue.
/// </summary>
public sealed class JobLifecycleStateMachine : MassTransitStateMachine<JobState>
{
    private readonly TimeProvider _clock;

    /// <param name="kinds">Every kind of job there is (<see cref="JobKindRegistry"/>): where their commands go, and the faults that fail them.</param>
    public JobLifecycleStateMachine(TimeProvider clock, IEnumerable<JobKindDescriptor> kinds)
    {
        _clock = clock;
        var byKind = kinds.ToDictionary(k => k.Kind);

        InstanceState(job => job.CurrentState);

        // Every job's row is inserted by its submitter before anything is published about it: the saga
        // never creates one, so a message for a job it cannot find is discarded.
        Event(() => JobSubmitted, e => e.CorrelateById(m => m.Message.JobId).OnMissingInstance(m => m.Discard()));
        Event(() => JobStarted, e => e.CorrelateById(m => m.Message.JobId).OnMissingInstance(m => m.Discard()));
        Event(() => JobProgressed, e => e.CorrelateById(m => m.Message.JobId).OnMissingInstance(m => m.Discard()));
        Event(() => JobCompleted, e => e.CorrelateById(m => m.Message.JobId).OnMissingInstance(m => m.Discard()));
        Event(() => JobFailed, e => e.CorrelateById(m => m.Message.JobId).OnMissingInstance(m => m.Discard()));
        Event(() => CancelRequested, e => e.CorrelateById(m => m.Message.JobId).OnMissingInstance(m => m.Discard()));
        Event(() => RetryRequested, e => e.CorrelateById(m => m.Message.JobId).OnMissingInstance(m => m.Discard()));

        OnUnhandledEvent(context => context.Ignore());

        WhenEnter(Completed, binder => binder.RecordOutcome());
        WhenEnter(Failed, binder => binder.RecordOutcome());
        WhenEnter(Cancelled, binder => binder.RecordOutcome());

        During(Pending,
            // Announced (again): the command is still to send.
            When(JobSubmitted, context => context.Saga.DispatchedAt is null)
                .DispatchCommand(byKind, clock),
            When(JobStarted, context => context.IsCurrent(context.Message.Attempt))
                .MarkStarted(clock)
                .TransitionTo(Running),
            When(JobProgressed, context => context.IsCurrent(context.Message.Attempt))
                .MarkStarted(clock)
                .ApplyProgress()
                .TransitionTo(Running));

        During(Running,
            When(JobProgressed, context => context.IsCurrent(context.Message.Attempt))
                .ApplyProgress());

        During(Pending, Running,
            When(JobCompleted, context => context.IsCurrent(context.Message.Attempt))
                .Then(context => context.Saga.Apply(context.Message.FinalProgress))
                .Finish(clock)
                .Then(context => context.Saga.Summary = JobBehaviors.Truncate(context.Message.Summary))
                .Then(context => context.Saga.KeepFailedItems(context.Message.FailedItems))
                .TransitionTo(Completed),
            When(JobFailed, context => context.IsCurrent(context.Message.Attempt))
                .Then(context => context.Saga.Apply(context.Message.FinalProgress))
                .Fail(context => context.Message.Error, clock)
                .Then(context => context.Saga.KeepFailedItems(context.Message.FailedItems))
                .TransitionTo(Failed),
            When(CancelRequested)
                .Cancel(clock)
                .Publish(context => new JobCancelled(context.Saga.CorrelationId))
                .TransitionTo(Cancelled));

        foreach (var kind in byKind.Values)
        {
            kind.FailOnFault(this);
        }

        // A completion carries its final figures, and services no longer send them apart; a separate report still in
        // flight from a service of an earlier version is applied, and never moves the figures backwards.
        During(Completed, Failed,
            When(JobProgressed, context => context.IsCurrent(context.Message.Attempt))
                .ApplyProgress());

        During(Failed, Cancelled,
            When(RetryRequested)
                .Then(context => context.Saga.BeginNextAttempt())
                .DispatchCommand(byKind, clock)
                .TransitionTo(Pending));
    }

    /// <summary>A command of <paramref name="kind"/> that faulted for good (its consumer's retries spent) fails its job.</summary>
    internal void FailOnFault<TCommand>(JobKindDescriptor<TCommand> kind)
        where TCommand : class
    {
        var faulted = Event<Fault<TCommand>>($"{typeof(TCommand).Name}Faulted",
            e => e.CorrelateById(m => kind.AttemptOf(m.Message.Message).JobId).OnMissingInstance(m => m.Discard()));
        During(Pending, Running,
            When(faulted, context => context.IsCurrent(kind.AttemptOf(context.Message.Message).Attempt))
                .Fail(context => context.Message.Describe(), _clock)
                .TransitionTo(Failed));
    }

    public State Pending { get; private set; } = null!;

    public State Running { get; private set; } = null!;

    public State Completed { get; private set; } = null!;

    public State Failed { get; private set; } = null!;

    public State Cancelled { get; private set; } = null!;

    public Event<JobSubmitted> JobSubmitted { get; private set; } = null!;

    public Event<JobStarted> JobStarted { get; private set; } = null!;

    public Event<JobProgressed> JobProgressed { get; private set; } = null!;

    public Event<JobCompleted> JobCompleted { get; private set; } = null!;

    public Event<JobFailed> JobFailed { get; private set; } = null!;

    public Event<CancelJob> CancelRequested { get; private set; } = null!;

    public Event<RetryJob> RetryRequested { get; private set; } = null!;
}
