using System.Globalization;
using System.Text.RegularExpressions;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Serving;

/// <summary>What one wrk run measured: requests per second, latency percentiles (ms), and the requests that failed.</summary>
internal sealed record WrkRun(double RequestsPerSecond, long Requests, double P50Ms, double P99Ms, long Non2xx, string SocketErrors);

/// <summary>
/// Runs <c>wrk --latency</c> over a list of paths (a Lua script hands them out in turn) and reads its summary.
/// </summary>
internal static partial class Wrk
{
    /// <summary>
    /// Writes the Lua script that GETs <paramref name="paths"/> in turn, each wrk thread from the first, with
    /// <paramref name="headers"/> (e.g. <c>Range: bytes=0-0</c>, or an API key). (Not HEAD: wrk waits for the
    /// body a HEAD response's Content-Length announces.)
    /// </summary>
    public static string WriteScript(string folder, string name, IReadOnlyList<string> paths, IReadOnlyDictionary<string, string>? headers = null)
    {
        var script = Path.Combine(folder, $"{name}.lua");
        var table = headers is null ? "" : ", { " + string.Join(", ", headers.Select(h => $"[\"{h.Key}\"] = \"{h.Value}\"")) + " }";
        File.WriteAllText(script,
            "-- The paths in turn; each wrk thread has its own copy of this state.\n"
            + "local paths = {\n" + string.Concat(paths.Select(p => $"  \"{p}\",\n")) + "}\n"
            + "local i = 0\n"
            + "request = function()\n"
            + "  i = (i % #paths) + 1\n"
            + $"  return wrk.format(\"GET\", paths[i]{table})\n"
            + "end\n");
        return script;
    }

    public static async Task<WrkRun> RunAsync(Uri server, string script, int threads, int connections, int seconds)
    {
        var run = await ExternalProcess.RunAsync("wrk",
            $"-t{threads}", $"-c{connections}", $"-d{seconds}s", "--timeout", "10s", "--latency", "-s", script, server.ToString());
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException(run.Describe("wrk"));
        }

        var output = run.Output;
        double Percentile(string p) => Milliseconds(Match(PercentileLine(p), output, $"the {p}% latency"));
        var requests = Match(RequestsLine(), output, "the request count");
        var non2xx = NonSuccessLine().Match(output) is { Success: true } bad ? long.Parse(bad.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socketErrors = SocketErrorsLine().Match(output) is { Success: true } errors ? errors.Groups[1].Value.Trim() : "none";
        return new WrkRun(
            double.Parse(Match(RateLine(), output, "Requests/sec").Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile("50"), Percentile("99"), non2xx, socketErrors);
    }

    private static Match Match(Regex regex, string output, string what) =>
        regex.Match(output) is { Success: true } match
            ? match
            : throw new InvalidOperationException($"wrk's output has no {what}: {output}");

    private static Regex PercentileLine(string percent) => percent switch
    {
        "50" => P50Line(),
        _ => P99Line(),
    };

    // "11.52ms", "987.00us", "1.02s", "2.00m".
    private static double Milliseconds(Match match)
    {
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            "m" => value * 60_000,
            var unit => throw new InvalidOperationException($"wrk printed a latency in '{unit}'"),
        };
    }

    [GeneratedRegex(@"^\s+50%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex P50Line();

    [GeneratedRegex(@"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex P99Line();

    [GeneratedRegex(@"^\s+(\d+) requests in", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccessLine();

    [GeneratedRegex(@"Socket errors:(.*)$", RegexOptions.Multiline)]
    private static partial Regex SocketErrorsLine();
}
