using System.Globalization;

namespace ModelHub.Benchmarks.Scans;

/// <summary>
/// CPU time from <c>/proc/&lt;pid&gt;/stat</c>, in seconds: a process's own (user + system), and that of its
/// children it has waited for (the openssl runs of this process). Unlike wall time, it hardly
/// depends on how busy the machine is.
/// </summary>
internal static class CpuTime
{
    // USER_HZ: /proc reports times in 1/100 s on Linux, whatever the kernel's tick.
    private const double TicksPerSecond = 100;

    public static double OfProcess(int pid) => Read(pid.ToString(CultureInfo.InvariantCulture), utime: 11);

    public static double OfChildren() => Read("self", utime: 13);

    // The fields after "pid (comm) ": state is [0], utime [11], stime [12], cutime [13], cstime [14].
    private static double Read(string pid, int utime)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[utime], CultureInfo.InvariantCulture) + long.Parse(fields[utime + 1], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>Per thread of <paramref name="pid"/>: nanoseconds on a CPU and runnable but waiting for one (<c>/proc/&lt;pid&gt;/task/*/schedstat</c>).</summary>
    public static Dictionary<int, (long RunNs, long WaitNs)> Threads(int pid)
    {
        var threads = new Dictionary<int, (long, long)>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] =
                    (long.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // the thread ended
            }
        }

        return threads;
    }
}
