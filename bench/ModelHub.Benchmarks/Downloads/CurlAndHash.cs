namespace ModelHub.Benchmarks.Downloads;

/// <param name="Seconds">curl, then openssl: the baseline.</param>
/// <param name="SyncSeconds">Then <c>sync FILE</c> (fsync), timed apart: not in <paramref name="Seconds"/>.</param>
internal sealed record CurlAndHash(double Seconds, double CurlSeconds, double HashSeconds, double SyncSeconds);
