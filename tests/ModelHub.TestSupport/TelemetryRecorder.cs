using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ModelHub.TestSupport;

/// <summary>
/// Starts a trace of its own (it becomes <see cref="Activity.Current"/> for the rest of the test)
/// and records the spans of one source, and the measurements of one meter, made under that trace.
/// Listeners are process-wide and tests run side by side: the trace id tells this test's apart.
/// </summary>
public sealed class TelemetryRecorder : IDisposable
{
    private readonly Activity _root;
    private readonly ActivityListener _spans;
    private readonly MeterListener _measurements = new();
    private readonly ConcurrentDictionary<string, double> _sums = new();

    public TelemetryRecorder(string name = "ModelHub")
    {
        _root = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        var traceId = _root.TraceId;
        _spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == name,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == traceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    Spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_spans);

        _measurements.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _measurements.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument, value));
        _measurements.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument, value));
        _measurements.Start();
    }

    public ConcurrentQueue<Activity> Spans { get; } = new();

    /// <summary>The sum of what was recorded on an instrument under this test's trace.</summary>
    public double Sum(string instrument) => _sums.GetValueOrDefault(instrument);

    public IReadOnlyList<Activity> SpansNamed(string name) => [.. Spans.Where(s => s.DisplayName == name)];

    public void Dispose()
    {
        _measurements.Dispose();
        _spans.Dispose();
        _root.Stop();
    }

    private void Add(Instrument instrument, double value)
    {
        if (Activity.Current?.TraceId == _root.TraceId)
        {
            _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
        }
    }
}
