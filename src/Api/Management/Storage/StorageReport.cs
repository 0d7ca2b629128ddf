using System.Text.Json;

namespace ModelHub.Api.Management.Storage;

/// <summary>The store at a glance: from the database (always current) and from the last scan of each mode (what only the disk can tell).</summary>
internal sealed record StorageReport(
    StoreTotals Store,
    IReadOnlyDictionary<string, TypeTotals> ByType,
    IReadOnlyDictionary<string, int> ArtifactsByStatus,
    int IncompleteDownloads,
    DateTimeOffset? OldestVerification,
    int NeverVerifiedBlobs,
    IReadOnlyList<RepositoryStorage> Repositories,
    IReadOnlyDictionary<string, JsonElement> LastScans);
