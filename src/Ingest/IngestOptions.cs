using System.ComponentModel.DataAnnotations;

namespace ModelHub.Ingest;

/// <summary>Section <c>Downloads</c>: how a large file is fetched, whoever asked for it.</summary>
public sealed class IngestOptions
{
    public const string Section = "Downloads";

    /// <summary>Files from this size on are fetched over several connections at once.</summary>
    [Range(1, long.MaxValue)]
    public long ParallelThresholdBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Connections per large file.</summary>
    [Range(1, 64)]
    public int Connections { get; set; } = 8;

    /// <summary>Bytes per ranged request of a large file.</summary>
    [Range(64 * 1024, int.MaxValue)]
    public int ChunkBytes { get; set; } = 16 * 1024 * 1024;
}
