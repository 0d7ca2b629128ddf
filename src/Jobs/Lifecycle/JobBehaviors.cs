using MassTransit;
using ModelHub.Contracts.Jobs;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Jobs.Lifecycle;

/// <summary>The job saga's behaviour chains, named for what they do to the job.</summary>
internal static class JobBehaviors
{
    public const int MaxErrorLength = 4000;

    public static bool IsCurrent<TMessage>(this BehaviorContext<JobState, TMessage> context, int attempt)
        where TMessage : class => attempt == context.Saga.Attempts;

    public static void BeginNextAttempt(this JobState job)
    {
        job.Attempts++;
        job.Error = null;
        job.Summary = null;
        job.FailedItems = null;
        job.ItemsFailed = 0;
        job.BytesDone = 0;
        job.BytesTotal = null;
        job.ItemsDone = 0;
        job.ItemsTotal = null;
        job.ItemsUnit = null;
        job.DispatchedAt = null;
        job.StartedAt = null;
        job.FinishedAt = null;
    }

    /// <summary>
    /// Sends the command of the job, whose row is committed already (its submitter inserted it, or an earlier
    /// attempt ran), before this transaction commits: see <see cref="JobCommands.TrySendNowAsync"/>.
    /// </summary>
    public static EventActivityBinder<JobState, T> DispatchCommand<T>(
        this EventActivityBinder<JobState, T> binder, IReadOnlyDictionary<JobKind, JobKindDescriptor> kinds, TimeProvider clock)
        where T : class =>
        binder.ThenAsync(async context =>
        {
            if (await JobCommands.TrySendNowAsync(context, kinds))
            {
                context.Saga.DispatchedAt = clock.GetUtcNowForDatabase();
            }
        });

    public static EventActivityBinder<JobState, T> MarkStarted<T>(this EventActivityBinder<JobState, T> binder, TimeProvider clock)
        where T : class =>
        binder.Then(context => context.Saga.StartedAt ??= clock.GetUtcNowForDatabase());

    public static EventActivityBinder<JobState, JobProgressed> ApplyProgress(this EventActivityBinder<JobState, JobProgressed> binder) =>
        binder.Then(context => context.Saga.Apply(context.Message));

    /// <summary>A report's figures, if there is one. Reports are absolute, so one that arrives late or twice never moves progress backwards.</summary>
    public static void Apply(this JobState job, JobProgressed? report)
    {
        if (report is null)
        {
            return;
        }

        job.BytesDone = Math.Max(job.BytesDone, report.BytesDone);
        job.BytesTotal = report.BytesTotal ?? job.BytesTotal;
        job.ItemsDone = Math.Max(job.ItemsDone, report.ItemsDone ?? 0);
        job.ItemsTotal = report.ItemsTotal ?? job.ItemsTotal;
        job.ItemsUnit = report.ItemsUnit ?? job.ItemsUnit;
        job.ProgressReports++;
    }

    public static EventActivityBinder<JobState, T> Finish<T>(this EventActivityBinder<JobState, T> binder, TimeProvider clock)
        where T : class =>
        binder.Then(context =>
        {
            var job = context.Saga;
            job.FinishedAt = clock.GetUtcNowForDatabase();
            job.StartedAt ??= job.FinishedAt;
            if (job.BytesTotal is { } total)
            {
                job.BytesDone = total;
            }

            if (job.ItemsTotal is { } items)
            {
                job.ItemsDone = items;
            }
        });

    public static EventActivityBinder<JobState, T> Fail<T>(
        this EventActivityBinder<JobState, T> binder, Func<BehaviorContext<JobState, T>, string> error, TimeProvider clock)
        where T : class =>
        binder.Then(context =>
        {
            context.Saga.Error = Truncate(error(context));
            context.Saga.FinishedAt = clock.GetUtcNowForDatabase();
        });

    public static EventActivityBinder<JobState, CancelJob> Cancel(this EventActivityBinder<JobState, CancelJob> binder, TimeProvider clock) =>
        binder.Then(context =>
        {
            context.Saga.Error = context.Message.Reason is { Length: > 0 } reason ? $"cancelled: {reason}" : "cancelled";
            context.Saga.FinishedAt = clock.GetUtcNowForDatabase();
        });

    public static string? Truncate(string? text) => text is { Length: > MaxErrorLength } ? text[..MaxErrorLength] : text;

    public static string Describe<T>(this Fault<T> fault) =>
        fault.Exceptions.FirstOrDefault() is { } exception
            ? exception.Message
            : "the service failed without saying why";
}
