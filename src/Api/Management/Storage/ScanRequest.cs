namespace ModelHub.Api.Management.Storage;

/// <summary>A storage scan as users ask for it; each option belongs to one or two modes.</summary>
internal sealed record ScanRequest(
    string? Mode, string? RepoId, int? OlderThanDays, bool? Repair, bool? DeleteOrphans, string? Path, long? MaxBytes, string? RepoType = null);
