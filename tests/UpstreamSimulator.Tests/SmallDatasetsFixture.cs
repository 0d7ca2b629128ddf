namespace ModelHub.UpstreamSimulator.Tests;

/// <summary>A simulator whose parquet shards are small, for tests that download or hash them.</summary>
public sealed class SmallDatasetsFixture() : SimulatorFixture(new SimulatorOptions { ParquetShardBytes = 300 * 1024 });
