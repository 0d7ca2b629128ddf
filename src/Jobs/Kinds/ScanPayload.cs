namespace ModelHub.Jobs.Kinds;

/// <summary>A storage scan and its options (the ScanService reads them back from the command).</summary>
public sealed record ScanPayload(string Mode)
{
    /// <summary>verify: only this repository's blobs.</summary>
    public string? RepoId { get; init; }

    /// <summary>verify: the type of <see cref="RepoId"/>, <c>model</c> or <c>dataset</c>; a model when absent.</summary>
    public string? RepoType { get; init; }

    /// <summary>verify: only blobs not verified for this many days.</summary>
    public int? OlderThanDays { get; init; }

    /// <summary>verify, reconcile: submit download jobs for corrupt and missing blobs.</summary>
    public bool Repair { get; init; }

    /// <summary>reconcile: delete blobs no artifact refers to (otherwise they are only reported).</summary>
    public bool DeleteOrphans { get; init; }

    /// <summary>import: the Hugging Face cache folder (or one <c>models--org--name</c> folder in it).</summary>
    public string? Path { get; init; }

    /// <summary>enforce-quota: the maximum store size for this run, instead of the configured one.</summary>
    public long? MaxBytes { get; init; }
}
