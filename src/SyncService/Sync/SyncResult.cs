using System.Globalization;
using ModelHub.Contracts.Sync;
using ModelHub.Ingest.SmallFiles;

namespace ModelHub.SyncService.Sync;

internal sealed record SyncResult(Guid RepositoryId, string RepoId, string Revision, string Commit, TreeRecord Tree, IReadOnlyList<IngestedFile> Fetched)
{
    public RepositorySynced ToEvent(Guid jobId) => new()
    {
        JobId = jobId,
        RepositoryId = RepositoryId,
        RepoId = RepoId,
        Revision = Revision,
        Commit = Commit,
        FileCount = Tree.Files,
        TotalBytes = Tree.Bytes,
    };

    /// <summary>A line for the job: what was recorded, what was fetched, what the upstream kept back, and every refused path with why.</summary>
    public string Summary()
    {
        var fetched = Fetched.Where(f => f.Stored && !f.Deduplicated).ToList();
        var reused = Fetched.Count(f => f.Stored && f.Deduplicated);
        var gated = Fetched.Count(f => f.RefusedAsGated);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"synced {Tree.Files} files ({Tree.Bytes} bytes) of {RepoId}@{Revision} at {Commit}; fetched {fetched.Count} small files ({fetched.Sum(f => f.Bytes)} bytes), {reused} already stored");
        if (gated > 0)
        {
            line += string.Create(CultureInfo.InvariantCulture,
                $"; {gated} small file(s) not stored: the repository is gated and the upstream refuses ModelHub's token (readers' own tokens fetch them)");
        }

        return Tree.Refused.Count == 0
            ? line
            : line + $"; refused {Tree.Refused.Count} unsafe path(s): " + string.Join(", ", Tree.Refused.Take(20).Select(r => $"'{Printable(r.Path)}' ({r.Reason})"));
    }

    private static string Printable(string path) => string.Concat(path.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
