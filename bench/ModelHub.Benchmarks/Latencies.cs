using System.Globalization;

namespace ModelHub.Benchmarks;

internal sealed record Latencies(double P50Ms, double P99Ms, double MaxMs)
{
    public static Latencies Of(IEnumerable<TimeSpan> samples)
    {
        var sorted = samples.Select(s => s.TotalMilliseconds).Order().ToArray();
        return new Latencies(Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted[^1]);
    }

    /// <summary>The median of any figures, taken as <see cref="P50Ms"/> is (the lower middle one of an even count).</summary>
    public static double Median(IEnumerable<double> values) => Percentile([.. values.Order()], 0.50);

    /// <summary>"lowest–highest" of several runs' figures, to print beside their median.</summary>
    public static string Spread(IEnumerable<double> values)
    {
        var list = values.ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{list.Min():0.##}–{list.Max():0.##}");
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Length) - 1];
}
