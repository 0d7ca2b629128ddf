using System.Diagnostics;
using System.Globalization;

namespace ModelHub.Benchmarks.Snapshots;

/// <summary>
/// The baseline: <c>curl --parallel --parallel-max 16</c> fetching the same files from the simulator (following its
/// redirects to the CDN) into an empty folder, one config file naming every URL and output. The files stay there
/// (<see cref="ScratchSpace"/>).
/// </summary>
internal static class CurlParallel
{
    public const int MaxParallel = 16;

    /// <returns>The seconds the fetch took.</returns>
    public static async Task<double> FetchAsync(Uri upstream, string filePrefix, string commit, IReadOnlyList<string> paths, string folder)
    {
        var config = Path.Combine(folder, "curl.config");
        await File.WriteAllLinesAsync(config, paths.SelectMany((path, i) => new[]
        {
            $"url = \"{new Uri(upstream, $"{filePrefix}/resolve/{commit}/{Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal)}")}\"",
            string.Create(CultureInfo.InvariantCulture, $"output = \"{Path.Combine(folder, i.ToString(CultureInfo.InvariantCulture))}\""),
        }));
        var clock = Stopwatch.StartNew();
        using var curl = Process.Start(new ProcessStartInfo("curl",
            ["--parallel", "--parallel-max", MaxParallel.ToString(CultureInfo.InvariantCulture), "-sS", "--fail", "-L", "-K", config])
        { RedirectStandardError = true }) ?? throw new InvalidOperationException("curl did not start");
        var errors = await curl.StandardError.ReadToEndAsync();
        await curl.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        if (curl.ExitCode != 0)
        {
            throw new InvalidOperationException($"curl failed ({curl.ExitCode}): {errors}");
        }

        var fetched = Directory.EnumerateFiles(folder).Count() - 1;
        return fetched == paths.Count ? seconds : throw new InvalidOperationException($"curl fetched {fetched} of {paths.Count} files");
    }
}
