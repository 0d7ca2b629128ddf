using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ModelHub.ServiceDefaults.Telemetry;

/// <summary>
/// ModelHub's own spans and instruments. Every project that measures something creates its
/// <see cref="ActivitySource"/> and <see cref="Meter"/> under this one name (the storage and
/// upstream libraries do not reference this one), so a host subscribes to all of them at once.
/// </summary>
public static class ModelHubTelemetry
{
    public const string Name = "ModelHub";

    /// <summary>Spans of the hosts' own work where no library makes one.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>Instruments defined in the hosts (jobs, downloads, serving).</summary>
    public static Meter Meter { get; } = new(Name);
}
