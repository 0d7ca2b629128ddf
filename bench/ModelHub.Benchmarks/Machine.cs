using System.Globalization;

namespace ModelHub.Benchmarks;

/// <summary>What the benchmarks print about the machine, since other work on it slows both sides, not always alike.</summary>
internal static class Machine
{
    public static string MemoryTotal()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        return line is null
            ? "RAM unknown"
            : string.Create(CultureInfo.InvariantCulture, $"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / (double)(1 << 20):F1} GiB RAM");
    }

    /// <summary>The load average, and the share of the last minute in which some runnable task waited for a core (PSI).</summary>
    public static string LoadAverage()
    {
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        var pressure = File.Exists("/proc/pressure/cpu")
            ? File.ReadLines("/proc/pressure/cpu").First().Split(' ').FirstOrDefault(f => f.StartsWith("avg60=", StringComparison.Ordinal))
            : null;
        return pressure is null ? load : $"{load}; CPU pressure {pressure["avg60=".Length..]}% (some, avg60)";
    }
}
