using System.Globalization;

namespace ModelHub.Benchmarks;

internal sealed record BenchOptions(string Benchmark, int Jobs, int Concurrency, Uri Api)
{
    public static BenchOptions Parse(string[] args)
    {
        var benchmark = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "saga";
        return new BenchOptions(
            benchmark,
            Jobs: IntOption(args, "--jobs", 1000),
            Concurrency: IntOption(args, "--concurrency", 16),
            Api: new Uri(Environment.GetEnvironmentVariable("MODELHUB_BENCH_API") ?? "http://127.0.0.1:28480"));
    }

    /// <summary>A client of the Api with the admin key <c>./hub bench</c> made for this run.</summary>
    public HttpClient CreateApiClient()
    {
        var client = new HttpClient { BaseAddress = Api };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Require("MODELHUB_BENCH_API_KEY"));
        return client;
    }

    public static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the benchmarks with ./hub bench.");

    /// <summary>
    /// A whole number the environment sets (how a benchmark is sized), at least <paramref name="least"/>;
    /// <paramref name="fallback"/> when unset. Anything else stops the benchmark, naming the variable.
    /// </summary>
    public static long NumberSetting(string name, long fallback, long least = 1) =>
        Environment.GetEnvironmentVariable(name) is not { Length: > 0 } value
            ? fallback
            : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= least
                ? number
                : throw new InvalidOperationException($"{name} must be a whole number of at least {least}, not '{value}'");

    public static int NumberSetting(string name, int fallback, int least = 1)
    {
        var number = NumberSetting(name, (long)fallback, least);
        return number <= int.MaxValue ? (int)number : throw new InvalidOperationException($"{name} must be at most {int.MaxValue}, not {number}");
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) && value > 0 ? value : fallback;
    }
}
