using System.Globalization;

namespace ModelHub.Benchmarks;

/// <summary>
/// <c>report FILE</c>: the one table of <c>./hub bench all</c>, from the rows each benchmark appended to the
/// results file, with the machine it ran on, the load each benchmark saw, and how long each took.
/// </summary>
internal static class CombinedReport
{
    public static int Print(string file)
    {
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"no results file {file}");
            return 2;
        }

        var rows = new List<(string Benchmark, Measure Row)>();
        var loads = new List<string>();
        var durations = new List<(string Benchmark, int Seconds, string Status)>();
        foreach (var fields in File.ReadLines(file).Where(l => l.Length > 0).Select(l => l.Split('\t')))
        {
            switch (fields[0])
            {
                case "#load":
                    loads.Add($"{fields[1]} {fields[2]}");
                    break;
                case "#duration":
                    durations.Add((fields[1], int.Parse(fields[2], CultureInfo.InvariantCulture), fields.Length > 3 ? fields[3] : "0"));
                    break;
                default:
                    rows.Add((fields[0], Parse(fields)));
                    break;
            }
        }

        Console.WriteLine();
        Console.WriteLine("All benchmarks: ratio = ModelHub ÷ baseline; 'better' says which way each figure is better.");
        if (rows.Count > 0)
        {
            Report.Write(rows, withBenchmark: true);
        }

        var goals = rows.Where(r => r.Row.Goal is not null).Select(r => r.Row.Goal!.IsMetBy(r.Row)).ToList();
        Console.WriteLine();
        Console.WriteLine($"goals: {goals.Count(g => g == true)} met, {goals.Count(g => g == false)} missed, {goals.Count(g => g is null)} not measured");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Machine.MemoryTotal()}; load average now: {Machine.LoadAverage()}");
        Console.WriteLine($"load average after each benchmark: {string.Join("; ", loads)}");
        // "#duration <benchmark> <seconds> <exit status>" lines, written by ./hub bench all.
        var took = durations.Select(d => $"{d.Benchmark} {Minutes(d.Seconds)}{(d.Status == "0" ? "" : $" (FAILED, exit {d.Status})")}");
        Console.WriteLine($"durations: {string.Join(", ", took)}; in all {Minutes(durations.Sum(d => d.Seconds))}");
        return durations.Any(d => d.Status != "0") ? 1 : 0;
    }

    private static Measure Parse(string[] fields) =>
        new(fields[1], fields[2], fields[3] == "lower" ? Better.Lower : Better.Higher,
            double.Parse(fields[4], CultureInfo.InvariantCulture), double.Parse(fields[5], CultureInfo.InvariantCulture), fields[7])
        {
            Goal = Goal.Decode(fields[6]),
        };

    private static string Minutes(int seconds) => $"{seconds / 60}m{seconds % 60:D2}s";
}
