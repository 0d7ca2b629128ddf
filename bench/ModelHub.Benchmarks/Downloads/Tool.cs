using System.Diagnostics;

namespace ModelHub.Benchmarks.Downloads;

/// <summary>What a command-line tool printed, its exit code and how long it ran (process start included).</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public string Describe(string tool) => $"{tool} exited with {ExitCode}: {Error.Trim()}";
}

/// <summary>Runs curl and openssl for the baselines.</summary>
internal static class Tool
{
    public static async Task<ToolRun> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = clock.Elapsed;
        return new ToolRun(process.ExitCode, await output, await error, elapsed);
    }
}
