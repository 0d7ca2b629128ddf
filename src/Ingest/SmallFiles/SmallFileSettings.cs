namespace ModelHub.Ingest.SmallFiles;

/// <summary>How a batch of small files is fetched: so many at once, each tried so many times.</summary>
public sealed record SmallFileSettings(int Concurrency, int Attempts);
