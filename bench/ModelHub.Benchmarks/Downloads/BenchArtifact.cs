namespace ModelHub.Benchmarks.Downloads;

/// <summary>A file of the benchmark's repository as ModelHub recorded it.</summary>
internal sealed record BenchArtifact(Guid Id, string Path, long Size, string Sha256);
