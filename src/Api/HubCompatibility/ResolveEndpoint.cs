using Microsoft.Extensions.Options;
using ModelHub.Persistence;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Telemetry;
using ModelHub.Storage;

namespace ModelHub.Api.HubCompatibility;

/// <summary>
/// <c>HEAD</c>/<c>GET /{org}/{name}/resolve/{rev}/{path}</c> (the file) and <c>…/raw/…</c> (the git blob:
/// an LFS file's pointer). Stored bytes are sent straight from the blob file; bytes not stored yet are
/// pulled through from the upstream (<see cref="PullThrough"/>).
/// </summary>
internal static class ResolveEndpoint
{
    public static Task<IResult> ResolveAsync(string org, string name, HttpContext context, FileRequestServices services, CancellationToken cancellationToken) =>
        HandleAsync(org, name, context, services, raw: false, cancellationToken);

    public static Task<IResult> RawAsync(string org, string name, HttpContext context, FileRequestServices services, CancellationToken cancellationToken) =>
        HandleAsync(org, name, context, services, raw: true, cancellationToken);

    private static async Task<IResult> HandleAsync(
        string org, string name, HttpContext context, FileRequestServices services, bool raw, CancellationToken cancellationToken)
    {
        if (HubRoute.RevisionAndPath(context, skip: 3) is not (var revision, { } path))
        {
            return HubApiError.BadRequest("The route is /{org}/{name}/resolve/{revision}/{path}.");
        }

        var (resolved, file, error) = await services.Files.FindAsync(org, name, revision, path, services, cancellationToken);
        if (resolved is null || file is null)
        {
            return error!;
        }

        if (await services.CheckAccessAsync(context, resolved, cancellationToken) is { } denied)
        {
            return denied;
        }

        if (raw && file.LfsSha256 is { } sha256)
        {
            var pointer = LfsPointer.Bytes(sha256, file.Size);
            return await SendBytesAsync(context, new FileMeta(resolved.Commit, file.Oid, pointer.Length), pointer);
        }

        var meta = new FileMeta(resolved.Commit, file.ETag, file.Size);
        var stored = await services.StoredSha256Async(file, cancellationToken);
        if (stored is not null && services.Store.Contains(stored))
        {
            services.Uses.Record(stored, context.Request);
            return await SendBlobAsync(context, meta, services.Store.BlobPath(stored));
        }

        return await services.PullThroughAsync(context, resolved, file, meta, stored);
    }

    public static async Task<IResult> SendBlobAsync(HttpContext context, FileMeta meta, string blobPath)
    {
        if (FileResponse.Start(context, meta) is { } range)
        {
            await StoredFileBody.SendAsync(context.Response, blobPath, range.From, range.Count, context.RequestAborted);
            ServingMetrics.RecordBytesServed(range.Count, range.Partial);
        }

        return Results.Empty;
    }

    private static async Task<IResult> SendBytesAsync(HttpContext context, FileMeta meta, byte[] content)
    {
        if (FileResponse.Start(context, meta) is { } range)
        {
            await context.Response.Body.WriteAsync(content.AsMemory((int)range.From, (int)range.Count), context.RequestAborted);
        }

        return Results.Empty;
    }
}

/// <summary>What the file routes need, in one scoped service so the handlers stay readable.</summary>
internal sealed class FileRequestServices(
    HubRepositories repositories, ModelHubDbContext db, BlobStore store, HubCallers callers, UpstreamGate gate,
    PullThrough pullThrough, IOptions<PullThroughOptions> options, BlobUses uses, ResolvedFiles files)
{
    public BlobUses Uses { get; } = uses;

    public ResolvedFiles Files { get; } = files;

    public HubRepositories Repositories { get; } = repositories;

    public ModelHubDbContext Db { get; } = db;

    public BlobStore Store { get; } = store;

    /// <summary>Files of repositories gated (or private) upstream go only to callers with a read token.</summary>
    public async Task<HubApiError?> CheckAccessAsync(HttpContext context, HubCommit resolved, CancellationToken cancellationToken)
    {
        if (callers.HasReadToken(context.Request))
        {
            return null;
        }

        var access = await gate.GetAsync(resolved.Repository.RepoId, resolved.Commit, cancellationToken);
        return access switch
        {
            null => HubApiError.Unavailable(
                $"ModelHub cannot reach the upstream to learn whether {resolved.Repository.RepoId} is gated, and has no record of it: send a ModelHub read token, or try again later."),
            { Restricted: true } => HubApiError.Gated(resolved.Repository.RepoId),
            _ => null,
        };
    }

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

        return await ColdFileSender.SendAsync(context, pullThrough.Fetch(resolved, file, sha256), resolved, file, meta, Store);
    }
}
