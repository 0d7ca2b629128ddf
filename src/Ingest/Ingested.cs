using ModelHub.Contracts.Downloads;
using ModelHub.Ingest.Fetching;

namespace ModelHub.Ingest;

/// <summary>What the pipeline did with an artifact: the event it published, and where the bytes came from (<see cref="SourceReport.None"/> when they were stored already).</summary>
public sealed record Ingested(ArtifactDownloaded Downloaded, SourceReport Sources);
