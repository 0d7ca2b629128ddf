using System.Globalization;

namespace ModelHub.Benchmarks;

/// <summary>How a benchmark names a file's size in its rows: whole GiB, else MiB.</summary>
internal static class ByteSizes
{
    public static string Label(long bytes) => bytes % (1L << 30) == 0
        ? $"{bytes >> 30} GiB"
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):F0} MiB");
}
