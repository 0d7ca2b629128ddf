using Microsoft.Extensions.Options;
using ModelHub.Api.HubCompatibility.Access;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.PullThrough;
using ModelHub.Api.HubCompatibility.Repositories;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.Persistence.Repositories;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Api.HubCompatibility.Files;

/// <summary>
/// What the file routes need, in one service built per request so the handlers stay readable. A request answered from
/// <see cref="ResolvedFiles"/> sends no query, so the database context and the services that sync or ask the upstream
/// are built from the request's scope only when a request needs them: building them for every request was about a
/// quarter of the CPU of a cached one (a profile of 1-byte ranges, 16 clients).
/// </summary>
internal sealed class FileRequestServices(
    IServiceProvider scope, BlobStore store, HubCallers callers, AccessPolicy access, CallerTokenCheck callerTokens,
    ColdFetches coldFetches, IOptions<PullThroughOptions> options, BlobUses uses, ResolvedFiles files, OpenBlobs blobs)
{
    public UnsyncedFiles Unsynced => field ??= scope.GetRequiredService<UnsyncedFiles>();

    public BlobUses Uses { get; } = uses;

    public ResolvedFiles Files { get; } = files;

    public HubRepositories Repositories => field ??= scope.GetRequiredService<HubRepositories>();

    public ModelHubDbContext Db => field ??= scope.GetRequiredService<ModelHubDbContext>();

    private ArtifactRecords Artifacts => field ??= scope.GetRequiredService<ArtifactRecords>();

    public BlobStore Store { get; } = store;

    public OpenBlobs Blobs { get; } = blobs;

    /// <summary>
    /// Files of repositories recorded gated (or private) go only to callers with a read token, or, for a gated one with
    /// <see cref="HubClientOptions.CallerTokens"/>, to callers whose own Hugging Face token the upstream accepts for it:
    /// that token is then what the file is fetched with (<see cref="AccessVerdict.Lent"/>).
    /// </summary>
    public async ValueTask<AccessVerdict> CheckAccessAsync(HttpContext context, HubCommit resolved, HubFile file, CancellationToken cancellationToken)
    {
        var repo = resolved.Repository;
        if (!access.IsRestricted(repo, resolved.Commit) || callers.HasReadToken(context.Request))
        {
            return AccessVerdict.Allowed;
        }

        if (access.Of(repo, resolved.Commit) != RepositoryAccess.Gated || callers.OwnHubToken(context.Request) is not { } token)
        {
            return new AccessVerdict(HubApiError.Gated(repo.RepoId), null);
        }

        return await callerTokens.CanReadAsync(resolved, file, token, cancellationToken) switch
        {
            true => new AccessVerdict(null, token),
            false => new AccessVerdict(HubApiError.GatedForCaller(repo.RepoId), null),
            null => new AccessVerdict(HubApiError.Unavailable($"{repo.RepoId} is gated, and the upstream could not be asked whether your token opens it; try again shortly."), null),
        };
    }

    /// <summary>The SHA-256 the file's bytes have, when ModelHub knows it without fetching them.</summary>
    public async ValueTask<string?> StoredSha256Async(HubFile file, CancellationToken cancellationToken)
    {
        if ((file.ContentHash ?? file.LfsSha256) is { } known)
        {
            return known;
        }

        return file.GitBlobOid is { } oid
            ? (await Artifacts.StoredContentByGitOidAsync([oid], cancellationToken)).GetValueOrDefault(oid)
            : null;
    }

    /// <param name="lent">The caller's own token, when it is what opened the file (<see cref="CheckAccessAsync"/>): the fetch uses it.</param>
    public async Task<IResult> PullThroughAsync(HttpContext context, HubCommit resolved, HubFile file, FileMeta meta, string? sha256, string? lent)
    {
        if (!options.Value.Enabled)
        {
            return HubApiError.Unavailable($"{file.Path} of {resolved.Repository.RepoId} is not stored in ModelHub, and pull-through is off.");
        }

        ColdFetch fetch;
        using (lent is null ? null : UpstreamCredential.Lend(lent))
        {
            fetch = coldFetches.Fetch(resolved, file, sha256);
        }

        return await ColdFileSender.SendAsync(context, fetch, resolved, file, meta, Store);
    }
}
