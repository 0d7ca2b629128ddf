using System.Globalization;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Downloads;

/// <summary>The download benchmark's peers, fetching the same file from the same upstream: curl, alone or with ranges.</summary>
internal static class CurlBaselines
{
    /// <summary>The baseline of the cold download: the file to disk with curl, then its SHA-256 with openssl, timed together.</summary>
    public static async Task<CurlAndHash> CurlThenHashAsync(Uri url, string scratch, BenchArtifact file)
    {
        var target = Path.Combine(scratch, "cold.bin");
        await SettleDiskAsync();
        var curl = await ExternalProcess.RunAsync("curl", "-sS", "-L", "-o", target, url.ToString());
        if (curl.ExitCode != 0)
        {
            throw new InvalidOperationException(curl.Describe("curl"));
        }

        var openssl = await ExternalProcess.RunAsync("openssl", "dgst", "-sha256", target);
        if (openssl.ExitCode != 0)
        {
            throw new InvalidOperationException(openssl.Describe("openssl"));
        }

        // Not part of the baseline, but ModelHub fsyncs its blob: what durability would add.
        var fsync = await ExternalProcess.RunAsync("sync", target);
        File.Delete(target);

        // "SHA2-256(/path/cold.bin)= 3f…" (OpenSSL 3) or "SHA256(…)= 3f…".
        var sha256 = openssl.Output.Trim().Split("= ")[^1];
        return sha256 == file.Sha256
            ? new CurlAndHash(curl.Elapsed.TotalSeconds + openssl.Elapsed.TotalSeconds, curl.Elapsed.TotalSeconds, openssl.Elapsed.TotalSeconds, fsync.Elapsed.TotalSeconds)
            : throw new InvalidOperationException($"curl's copy of {file.Path} hashes to {sha256}, not {file.Sha256}");
    }

    /// <summary>
    /// A real peer of ModelHub's parallel download: one curl fetching <paramref name="connections"/> byte ranges of the file at once
    /// (<c>--parallel</c>, each range to its own part file), timed to its end; the parts are not joined or hashed.
    /// </summary>
    /// <returns>The seconds it took.</returns>
    public static async Task<double> CurlRangesAsync(Uri url, string scratch, BenchArtifact file, int connections)
    {
        await SettleDiskAsync();
        var arguments = new List<string> { "-sS", "-L", "--parallel", "--parallel-max", connections.ToString(CultureInfo.InvariantCulture) };
        var part = (file.Size + connections - 1) / connections;
        for (var i = 0; i < connections; i++)
        {
            var from = i * part;
            var to = Math.Min(file.Size, from + part) - 1;
            arguments.AddRange(["-r", $"{from}-{to}", "-o", Path.Combine(scratch, $"range-{i}.bin"), url.ToString()]);
        }

        var curl = await ExternalProcess.RunAsync("curl", [.. arguments]);
        var received = Enumerable.Range(0, connections).Sum(i => new FileInfo(Path.Combine(scratch, $"range-{i}.bin")) is { Exists: true } f ? f.Length : 0);
        foreach (var i in Enumerable.Range(0, connections))
        {
            File.Delete(Path.Combine(scratch, $"range-{i}.bin"));
        }

        return curl.ExitCode == 0 && received == file.Size
            ? curl.Elapsed.TotalSeconds
            : throw new InvalidOperationException($"curl --parallel fetched {received} of {file.Size} bytes: {curl.Describe("curl")}");
    }

    /// <summary>
    /// Each measure starts with no dirty pages left by the one before (curl's files are not fsynced), so no step pays for an
    /// earlier one's writeback.
    /// </summary>
    public static Task SettleDiskAsync() => ExternalProcess.RunCheckedAsync("sync");
}
