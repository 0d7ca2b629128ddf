namespace ModelHub.Benchmarks.Downloads;

/// <param name="Failure">Why ModelHub did not download the file (then <paramref name="Seconds"/> is NaN).</param>
/// <param name="WrittenSeconds">When the DownloadService had written the file's size (the transfer's end, seen from the POST), within 100 ms.</param>
internal sealed record ModelHubRun(double Seconds, double? ServerSeconds, double? WrittenSeconds, string Summary, long SampledKb, long PeakKb, bool PeakReset, string? Failure);
