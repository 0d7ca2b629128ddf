using System.Globalization;

namespace ModelHub.Benchmarks;

internal static class Report
{
    /// <summary>One table: each measure, ModelHub's figure, the baseline measured in the same run, and their ratio.</summary>
    public static void Print(params (string Measure, double ModelHub, double Baseline, string Compared)[] rows)
    {
        Console.WriteLine();
        Console.WriteLine($"{"measure",-28} {"ModelHub",10} {"baseline",10} {"ratio",8}  compared");
        foreach (var (measure, modelHub, baseline, compared) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{measure,-28} {modelHub,10:F1} {baseline,10:F1} {modelHub / baseline,7:F2}×  {compared}"));
        }
    }

    /// <summary>
    /// The same with each ratio's goal in a column of its own ("" when the row is for reference), for
    /// figures that need two decimals (GB/s).
    /// </summary>
    public static void Print(params (string Measure, double ModelHub, double Baseline, string Goal, string Compared)[] rows)
    {
        var width = Math.Max(28, rows.Max(r => r.Measure.Length));
        Console.WriteLine();
        Console.WriteLine($"{"measure".PadRight(width)} {"ModelHub",10} {"baseline",10} {"ratio",8}  {"goal",-8} compared");
        foreach (var (measure, modelHub, baseline, goal, compared) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{measure.PadRight(width)} {modelHub,10:F2} {baseline,10:F2} {modelHub / baseline,7:F2}×  {goal,-8} {compared}"));
        }
    }
}
