using System.Diagnostics;
using System.Globalization;

namespace ModelHub.Benchmarks;

/// <summary>
/// What a service's process shows in <c>/proc/&lt;pid&gt;/</c>: <c>VmRSS</c> now, <c>VmHWM</c> (the
/// kernel's own peak, which <see cref="TryResetPeak"/> sets back to the current RSS) and <c>wchar</c>,
/// the bytes it has written so far.
/// </summary>
internal sealed class ServiceProcess(int pid)
{
    public int Pid => pid;

    public long RssKb => Read("status", "VmRSS:");

    public long PeakKb => Read("status", "VmHWM:");

    /// <summary>The resident memory now, split: anonymous (heaps, stacks) and file-backed (the runtime's and the app's mapped images).</summary>
    public string RssParts => $"VmRSS {RssKb} kB = RssAnon {Read("status", "RssAnon:")} kB + RssFile {Read("status", "RssFile:")} kB + RssShmem {Read("status", "RssShmem:")} kB";

    public long WrittenBytes => Read("io", "wchar:");

    /// <summary>Writing 5 to <c>clear_refs</c> resets the peak (Linux ≥ 4.0); false when not allowed.</summary>
    public bool TryResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Samples every <paramref name="interval"/> until <paramref name="work"/> ends: the highest <c>VmRSS</c>,
    /// and when (on <paramref name="clock"/>) the process had written <paramref name="bytes"/> more than at the start.
    /// </summary>
    public async Task<(long HighestRssKb, TimeSpan? WrittenAt)> SampleUntilAsync(Task work, TimeSpan interval, Stopwatch clock, long bytes)
    {
        var highest = RssKb;
        var start = WrittenBytes;
        TimeSpan? writtenAt = null;
        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(interval));
            highest = Math.Max(highest, RssKb);
            if (writtenAt is null && WrittenBytes - start >= bytes)
            {
                writtenAt = clock.Elapsed;
            }
        }

        return (highest, writtenAt);
    }

    private long Read(string file, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/{file}"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                // "VmRSS:     123456 kB", "wchar: 123456"
                var value = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/{file} has no {field} line: is the service still running?");
    }
}
