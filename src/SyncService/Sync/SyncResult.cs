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

    /// <summary>A line for the job: what was recorded, what was fetched, and every refused path with why.</summary>
    public string Summary()
    {
        var stored = Fetched.Count(f => !f.Deduplicated);
        var reused = Fetched.Count - stored;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"synced {Tree.Files} files ({Tree.Bytes} bytes) of {RepoId}@{Revision} at {Commit}; fetched {stored} small files ({Fetched.Where(f => !f.Deduplicated).Sum(f => f.Bytes)} bytes), {reused} already stored");
        return Tree.Refused.Count == 0
            ? line
            : line + $"; refused {Tree.Refused.Count} unsafe path(s): " + string.Join(", ", Tree.Refused.Take(20).Select(r => $"'{Printable(r.Path)}' ({r.Reason})"));
    }

    private static string Printable(string path) => string.Concat(path.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
