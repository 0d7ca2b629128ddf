using Microsoft.Extensions.Options;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.SyncService.Sync;

/// <summary>
/// Walks a commit's tree page by page and records one artifact per file, in batches, handing each batch on once it
/// is recorded. A file whose path or ids could not be stored safely is refused and reported, never written.
/// </summary>
internal sealed class TreeRecorder(IHubClient hub, ArtifactWriter writer, IOptions<SyncOptions> options)
{
    public async Task<TreeRecord> RecordAsync(
        HubRepo repo, Guid repositoryId, string commit, Func<IReadOnlyList<HubTreeEntry>, Task> recorded, CancellationToken cancellationToken)
    {
        var batch = new List<HubTreeEntry>(options.Value.BatchSize);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var refused = new List<RefusedPath>();
        int files = 0;
        long bytes = 0;

        await foreach (var entry in hub.ListTreeAsync(repo, commit, cancellationToken))
        {
            if (!entry.IsFile)
            {
                continue;
            }

            if (Refuse(entry) is { } reason)
            {
                refused.Add(new RefusedPath(entry.Path, reason));
                continue;
            }

            if (!seen.Add(entry.Path))
            {
                continue;
            }

            batch.Add(entry);
            files++;
            bytes += entry.Size;
            if (batch.Count == options.Value.BatchSize)
            {
                await writer.UpsertAsync(repositoryId, commit, batch, cancellationToken);
                await recorded(batch);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await writer.UpsertAsync(repositoryId, commit, batch, cancellationToken);
            await recorded(batch);
        }

        return new TreeRecord(files, bytes, refused);
    }

    private static string? Refuse(HubTreeEntry entry) =>
        RepoPaths.Validate(entry.Path)
        ?? (entry.Size < 0 ? "negative size" : null)
        ?? (!IsHex(entry.Oid, 40) ? "the git object id is not 40 hex digits" : null)
        ?? (entry.Lfs is { } lfs && (!IsHex(lfs.Oid, 64) || lfs.Size != entry.Size) ? "the LFS sha256 or size is not valid" : null);

    private static bool IsHex(string? value, int length) => value?.Length == length && value.All(char.IsAsciiHexDigit);
}
