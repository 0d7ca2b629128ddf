using System.Diagnostics.Metrics;
using MassTransit;
using MassTransit.Middleware.InMemoryOutbox;
using ModelHub.Jobs.Records;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.ServiceDefaults.Telemetry;

namespace ModelHub.Jobs.Lifecycle;

/// <summary>Finished jobs, by kind and outcome, with how long they took: recorded by the saga as it finishes one.</summary>
internal static class JobTelemetry
{
    public const string DurationName = "modelhub.job.duration";
    public const string KindTag = "modelhub.job.kind";
    public const string OutcomeTag = "modelhub.job.outcome";

    private static readonly Histogram<double> Duration = ModelHubTelemetry.Meter.CreateHistogram(
        DurationName, "s", "From a job's acceptance (or its retry's dispatch) to its end; counted by kind and outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400] });

    /// <summary>
    /// Records the job that has just entered a final state. The figure is held until the saga's
    /// transaction commits (its in-memory outbox), so a message retried after a lost race counts once.
    /// </summary>
    public static EventActivityBinder<JobState> RecordOutcome(this EventActivityBinder<JobState> binder) =>
        binder.Then(context =>
        {
            var (kind, outcome, seconds) = Figures(context.Saga);
            if (context.TryGetPayload<OutboxContext>(out var outbox))
            {
                outbox.Add(() =>
                {
                    Record(kind, outcome, seconds);
                    return Task.CompletedTask;
                });
            }
            else
            {
                Record(kind, outcome, seconds);
            }
        });

    private static (string Kind, string Outcome, double Seconds) Figures(JobState job)
    {
        // A retry keeps the job's creation time: its own attempt starts when it is dispatched again.
        var from = job.Attempts > 1 && job.DispatchedAt is { } dispatched ? dispatched : job.CreatedAt;
        var seconds = job.FinishedAt is { } finished ? Math.Max(0, (finished - from).TotalSeconds) : 0;
        return (job.Kind.ToSnakeCase(), (job.CurrentState ?? "unknown").ToLowerInvariant(), seconds);
    }

    private static void Record(string kind, string outcome, double seconds) =>
        Duration.Record(seconds, new KeyValuePair<string, object?>(KindTag, kind), new KeyValuePair<string, object?>(OutcomeTag, outcome));
}
