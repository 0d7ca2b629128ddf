using Microsoft.Extensions.Options;
using ModelHub.Api.HubCompatibility.Access;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.PullThrough;
using ModelHub.Api.HubCompatibility.Repositories;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.Storage;

namespace ModelHub.Api.HubCompatibility.Files;

/// <summary>What the file routes need, in one scoped service so the handlers stay readable.</summary>
internal sealed class FileRequestServices(
    HubRepositories repositories, ModelHubDbContext db, BlobStore store, HubCallers callers, AccessPolicy access,
    ColdFetches coldFetches, IOptions<PullThroughOptions> options, BlobUses uses, ResolvedFiles files, UnsyncedFiles unsynced)
{
    public UnsyncedFiles Unsynced { get; } = unsynced;

    public BlobUses Uses { get; } = uses;

    public ResolvedFiles Files { get; } = files;

    public HubRepositories Repositories { get; } = repositories;

    public ModelHubDbContext Db { get; } = db;

    public BlobStore Store { get; } = store;

    /// <summary>Files of repositories recorded gated (or private) go only to callers with a read token.</summary>
    public HubApiError? CheckAccess(HttpContext context, HubCommit resolved) =>
        !callers.HasReadToken(context.Request) && access.IsRestricted(resolved.Repository, resolved.Commit)
            ? HubApiError.Gated(resolved.Repository.RepoId)
            : null;

    /// <summary>The SHA-256 the file's bytes have, when ModelHub knows it without fetching them.</summary>
    public async Task<string?> StoredSha256Async(HubFile file, CancellationToken cancellationToken)
    {
        if ((file.ContentHash ?? file.LfsSha256) is { } known)
        {
            return known;
        }

        return file.GitBlobOid is { } oid
            ? (await Db.Artifacts.StoredContentByGitOidAsync([oid], cancellationToken)).GetValueOrDefault(oid)
            : null;
    }

    public async Task<IResult> PullThroughAsync(HttpContext context, HubCommit resolved, HubFile file, FileMeta meta, string? sha256)
    {
        if (!options.Value.Enabled)
        {
            return HubApiError.Unavailable($"{file.Path} of {resolved.Repository.RepoId} is not stored in ModelHub, and pull-through is off.");
        }

        return await ColdFileSender.SendAsync(context, coldFetches.Fetch(resolved, file, sha256), resolved, file, meta, Store);
    }
}
