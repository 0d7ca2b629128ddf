using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Api.HubCompatibility.Repositories;
using ModelHub.Persistence;

namespace ModelHub.Api.HubCompatibility.Metadata;

/// <summary>
/// ModelHub keeps no per-file history: <c>lastCommit</c> names the commit the revision resolved to,
/// which is where clients file the snapshot anyway.
/// </summary>
internal sealed record LastCommit(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("date")] string Date)
{
    /// <summary>The commit itself, dated when ModelHub resolved the revision to it (its history is not recorded).</summary>
    public static async Task<LastCommit> OfAsync(ModelHubDbContext db, HubCommit resolved, CancellationToken cancellationToken)
    {
        var resolvedAt = await db.Revisions.AsNoTracking()
            .Where(r => r.RepositoryId == resolved.Repository.Id && r.Commit == resolved.Commit)
            .OrderBy(r => r.ResolvedAt)
            .Select(r => (DateTimeOffset?)r.ResolvedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return new LastCommit(resolved.Commit, "", HubJson.Date(resolvedAt ?? resolved.Repository.LastSyncedAt));
    }
}
