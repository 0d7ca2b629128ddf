using System.Globalization;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Serving;

/// <summary>One <c>curl -o /dev/null</c> of a whole file (following redirects, as the Hub's clients do): how long it took, and when its first byte came.</summary>
internal sealed record CurlGet(double Seconds, double FirstByteSeconds, long Bytes)
{
    public double MBps => Bytes / Seconds / 1e6;

    /// <summary>The GET, which must answer 200 with <paramref name="size"/> bytes (any number when null).</summary>
    public static async Task<CurlGet> RunAsync(Uri url, long? size)
    {
        var curl = await ExternalProcess.RunAsync(
            "curl", "-sS", "-L", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{time_total} %{time_starttransfer}", url.ToString());
        if (curl.ExitCode != 0)
        {
            throw new InvalidOperationException(curl.Describe("curl"));
        }

        var figures = curl.Output.Trim().Split(' ');
        var bytes = long.Parse(figures[1], CultureInfo.InvariantCulture);
        return figures[0] == "200" && bytes == (size ?? bytes)
            ? new CurlGet(double.Parse(figures[2], CultureInfo.InvariantCulture), double.Parse(figures[3], CultureInfo.InvariantCulture), bytes)
            : throw new InvalidOperationException($"curl {url}: {figures[0]} and {bytes} bytes, not 200 and {size?.ToString(CultureInfo.InvariantCulture) ?? "any"}");
    }
}
