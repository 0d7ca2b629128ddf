using ModelHub.Api.HubCompatibility.Access;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.Repositories;
using ModelHub.Api.Registry;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Api.HubCompatibility.PullThrough;

/// <summary>
/// A file of a revision ModelHub has not synced yet. The revision's sync starts (or is joined) in the background, and
/// the file is described from two small questions to the upstream: the revision's info (its commit, and who may read
/// it, recorded at once) and the file's paths-info entry. So a <c>HEAD</c> takes what the upstream takes, not the whole
/// tree's listing (the Python client gives a HEAD 10 s, and a 100,000-file tree takes longer). The bytes still come
/// through the ingest pipeline, by the file's row, once the sync has recorded it (<see cref="RecordedAsync"/>).
/// Anything unexpected from the upstream falls back to waiting for the sync, whose failure says why.
/// </summary>
internal sealed class UnsyncedFiles(
    IHubClient hub, HubRepositories repositories, SyncOnDemand syncs, AccessRefresher access, ModelHubDbContext db)
{
    /// <summary>The commit and the file (not recorded yet: <see cref="HubFile.IsRecorded"/> is false), or the refusal.</summary>
    public async Task<(HubCommit? Commit, HubFile? File, IResult? Refusal)> FindAsync(
        ModelRepository repo, string wanted, string path, CancellationToken cancellationToken)
    {
        await syncs.StartAsync(repo, wanted, cancellationToken);
        if (RepoPaths.Validate(path) is null && await DescribeAsync(repo, wanted, path, cancellationToken) is { } described)
        {
            return described;
        }

        var (resolved, error) = await repositories.SyncAndResolveAsync(repo, wanted, cancellationToken);
        if (resolved is null)
        {
            return (null, null, error);
        }

        return await FindRowAsync(resolved, path, cancellationToken) is { } file
            ? (resolved, file, null)
            : (resolved, null, HubApiError.EntryNotFound(repo.RepoId, resolved.Commit, path));
    }

    /// <summary>
    /// The file's row and the commit it is recorded at, once the sync has recorded it (waiting at most
    /// <see cref="PullThroughOptions.SyncWait"/>): what its bytes are fetched by. Should the branch have moved since the
    /// file was described, the row of the commit the sync pinned.
    /// </summary>
    public async Task<(HubCommit? Commit, HubFile? File, HubApiError? Error)> RecordedAsync(
        HubCommit described, string path, CancellationToken cancellationToken)
    {
        var repo = described.Repository;
        HubFile? row = await FindRowAsync(described, path, cancellationToken);
        // A sync that finished since the file was described is not started again.
        var error = row is not null || await RevisionResolver.ResolveAsync(db, repo, described.Revision, cancellationToken) is not null
            ? null
            : await syncs.SyncAndWaitAsync(repo, described.Revision, cancellationToken, async token => (row = await FindRowAsync(described, path, token)) is not null);
        if (row is not null)
        {
            return (described, row, null);
        }

        if (error is not null)
        {
            return (null, null, error);
        }

        var pinned = await RevisionResolver.ResolveAsync(db, repo, described.Revision, cancellationToken) ?? described.Commit;
        var synced = described with { Commit = pinned };
        return await FindRowAsync(synced, path, cancellationToken) is { } file
            ? (synced, file, null)
            : (null, null, HubApiError.EntryNotFound(repo.RepoId, pinned, path));
    }

    private async Task<(HubCommit, HubFile?, IResult?)?> DescribeAsync(ModelRepository repo, string wanted, string path, CancellationToken cancellationToken)
    {
        var upstream = new HubRepo(repo.RepoType, repo.RepoId);
        var (info, _) = await hub.AskRepoInfoAsync(upstream, wanted, cancellationToken);
        if (info is null || !string.Equals(info.Id, repo.RepoId, StringComparison.Ordinal) || !StoreInventory.IsGitSha1(info.Sha))
        {
            return null;
        }

        await access.RecordAsync(repo, RepositoryAccessRecord.FromUpstream(info.Private, info.Gated));
        var resolved = new HubCommit(repo, wanted, info.Sha);
        if ((await hub.AskPathsInfoAsync(upstream, info.Sha, [path], cancellationToken)).Info is not { } entries)
        {
            return null;
        }

        if (entries.FirstOrDefault(e => e.IsFile && e.Path == path) is not { } entry)
        {
            return (resolved, null, HubApiError.EntryNotFound(repo.RepoId, info.Sha, path));
        }

        // What a client is told goes into its headers (and names its cache's blob): only well-formed hashes.
        var wellFormed = entry.Size >= 0 && (entry.Lfs is { } lfs ? StoreInventory.IsSha256(lfs.Oid) && lfs.Size == entry.Size : StoreInventory.IsGitSha1(entry.Oid));
        return wellFormed
            ? (resolved, new HubFile(Guid.Empty, path, entry.Size, entry.Lfs is null ? entry.Oid : null, entry.Lfs?.Oid, null), null)
            : null;
    }

    private async Task<HubFile?> FindRowAsync(HubCommit resolved, string path, CancellationToken cancellationToken) =>
        (await HubFileQueries.OfCommitAsync(db, resolved, cancellationToken, a => a.Path == path)).SingleOrDefault();
}
