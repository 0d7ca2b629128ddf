using System.Diagnostics;

namespace ModelHub.IntegrationTests.Observability;

/// <summary>One trace's spans, as exported, with the questions the trace tests ask of them.</summary>
public sealed class TraceView(ActivityTraceId traceId, ActivitySpanId remoteParent, IReadOnlyList<Activity> spans)
{
    private readonly Dictionary<ActivitySpanId, Activity> _byId = spans.ToDictionary(s => s.SpanId);

    public ActivityTraceId TraceId => traceId;

    public IReadOnlyList<Activity> Spans => spans;

    /// <summary>Every span's parent is in the trace, or is the caller's own span that started it.</summary>
    public bool IsComplete => spans.Count > 0 && spans.All(s => s.ParentSpanId == remoteParent || _byId.ContainsKey(s.ParentSpanId));

    public IEnumerable<Activity> Where(Func<Activity, bool> predicate) => spans.Where(predicate);

    public Activity Single(string what, Func<Activity, bool> predicate) =>
        spans.Where(predicate).ToList() is [var one] ? one : throw new ShouldAssertException($"expected one span for {what} in {Describe()}");

    public Activity First(string what, Func<Activity, bool> predicate) =>
        spans.Where(predicate).OrderBy(s => s.StartTimeUtc).FirstOrDefault() ?? throw new ShouldAssertException($"no span for {what} in {Describe()}");

    /// <summary>True when <paramref name="ancestor"/> is on <paramref name="span"/>'s path to the root.</summary>
    public bool Descends(Activity span, Activity ancestor)
    {
        for (var current = span; _byId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    public void ShouldDescend(Activity span, Activity ancestor) =>
        Descends(span, ancestor).ShouldBeTrue($"'{span.DisplayName}' should descend from '{ancestor.DisplayName}' in {Describe()}");

    public string Describe() => Environment.NewLine + string.Join(Environment.NewLine, spans.OrderBy(s => s.StartTimeUtc)
        .Select(s => $"  {s.SpanId} <- {s.ParentSpanId} [{s.Source.Name}] {s.Kind} '{s.DisplayName}' {s.Status}"));
}

public static class Spans
{
    public static bool Is(this Activity span, string source, ActivityKind kind, string name) =>
        span.Source.Name == source && span.Kind == kind && span.DisplayName == name;

    public static string? Tag(this Activity span, string key) => span.GetTagItem(key)?.ToString();

    public static bool IsMassTransitSend(this Activity span, string destination) =>
        span.Source.Name == "MassTransit" && span.Kind == ActivityKind.Producer && span.Tag("messaging.destination.name") == destination;

    public static bool IsMassTransitProcess(this Activity span, string queue) => span.Is("MassTransit", ActivityKind.Consumer, $"{queue} process");
}
