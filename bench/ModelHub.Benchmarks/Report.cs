using System.Globalization;

namespace ModelHub.Benchmarks;

/// <summary>Which way a figure is better: a time or a size lower, a rate higher.</summary>
internal enum Better
{
    Lower,
    Higher,
}

/// <summary>
/// What a measure should reach: its ratio to the baseline (ModelHub ÷ baseline), or its own figure, at
/// most or at least <see cref="Value"/>.
/// </summary>
internal sealed record Goal(bool OnRatio, bool AtMost, double Value)
{
    public static Goal RatioAtMost(double value) => new(true, true, value);

    public static Goal RatioAtLeast(double value) => new(true, false, value);

    public static Goal FigureAtMost(double value) => new(false, true, value);

    public static Goal FigureAtLeast(double value) => new(false, false, value);

    public string Describe(string unit) => string.Create(CultureInfo.InvariantCulture,
        $"{(AtMost ? "≤" : "≥")} {(OnRatio ? $"{Value:0.0#}×" : $"{Value:0.##} {unit}")}");

    /// <summary>Null when the figure was not measured.</summary>
    public bool? IsMetBy(Measure measure)
    {
        var figure = OnRatio ? measure.Ratio : measure.ModelHub;
        return double.IsFinite(figure) ? (AtMost ? figure <= Value : figure >= Value) : null;
    }

    /// <summary>"r&lt;=1", "a&gt;=4": how the results file keeps it.</summary>
    public string Encode() => string.Create(CultureInfo.InvariantCulture, $"{(OnRatio ? 'r' : 'a')}{(AtMost ? "<=" : ">=")}{Value}");

    public static Goal? Decode(string text) =>
        text.Length < 4
            ? null
            : new Goal(text[0] == 'r', text[1] == '<', double.Parse(text[3..], CultureInfo.InvariantCulture));
}

/// <summary>One row of a benchmark's table: ModelHub's figure beside the baseline measured in the same run.</summary>
/// <param name="Baseline">NaN when the measure has a goal but no baseline (e.g. a memory ceiling).</param>
/// <param name="Compared">What the baseline is, in a few words.</param>
internal sealed record Measure(string Name, string Unit, Better Better, double ModelHub, double Baseline, string Compared)
{
    public Goal? Goal { get; init; }

    public double Ratio => ModelHub / Baseline;
}

/// <summary>
/// Prints a benchmark's table and, when <c>MODELHUB_BENCH_RESULTS</c> names a file (as <c>./hub bench all</c>
/// does), appends its rows there for the combined table of <see cref="CombinedReport"/>.
/// </summary>
internal static class Report
{
    public const string ResultsVariable = "MODELHUB_BENCH_RESULTS";

    public static void Print(string benchmark, params Measure[] rows)
    {
        Console.WriteLine();
        Write([.. rows.Select(r => (benchmark, r))], withBenchmark: false);
        Append(benchmark, rows);
    }

    /// <summary>The table: measure, figures, ratio (ModelHub ÷ baseline), which way is better, goal, met, the baseline.</summary>
    public static void Write(IReadOnlyList<(string Benchmark, Measure Row)> rows, bool withBenchmark)
    {
        var names = rows.Select(r => Label(r.Row)).ToList();
        var width = Math.Max(28, names.Max(n => n.Length));
        var bench = withBenchmark ? Math.Max(5, rows.Max(r => r.Benchmark.Length)) : 0;
        var head = withBenchmark ? "bench".PadRight(bench) + " " : "";
        Console.WriteLine($"{head}{"measure".PadRight(width)} {"ModelHub",10} {"baseline",10} {"ratio",8}  {"better",-6}  {"goal",-10} {"met?",-6}  baseline is");
        for (var i = 0; i < rows.Count; i++)
        {
            var (benchmark, row) = rows[i];
            var goal = row.Goal?.Describe(row.Unit) ?? "";
            var met = row.Goal?.IsMetBy(row) switch { true => "met", false => "MISSED", null => row.Goal is null ? "" : "n/a" };
            var start = withBenchmark ? benchmark.PadRight(bench) + " " : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{start}{names[i].PadRight(width)} {Figure(row.ModelHub),10} {Figure(row.Baseline),10} {Ratio(row),8}  {(row.Better == Better.Lower ? "lower" : "higher"),-6}  {goal,-10} {met,-6}  {row.Compared}"));
        }
    }

    public static string Figure(double value) => value switch
    {
        double.NaN => "–",
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.ToString("F2", CultureInfo.InvariantCulture),
    };

    private static string Label(Measure row) => $"{row.Name} ({row.Unit})";

    private static string Ratio(Measure row) =>
        double.IsFinite(row.Ratio) ? (row.Ratio >= 100 ? Figure(row.Ratio) : row.Ratio.ToString("F2", CultureInfo.InvariantCulture)) + "×" : "–";

    private static void Append(string benchmark, Measure[] rows)
    {
        if (Environment.GetEnvironmentVariable(ResultsVariable) is not { Length: > 0 } file)
        {
            return;
        }

        var lines = rows.Select(r => string.Join('\t',
            benchmark, Clean(r.Name), Clean(r.Unit), r.Better == Better.Lower ? "lower" : "higher",
            r.ModelHub.ToString("R", CultureInfo.InvariantCulture), r.Baseline.ToString("R", CultureInfo.InvariantCulture),
            r.Goal?.Encode() ?? "", Clean(r.Compared)));
        File.AppendAllLines(file, [.. lines, $"#load\t{benchmark}\t{Machine.LoadAverage()}"]);
    }

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ');
}
