using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.PullThrough;
using ModelHub.Api.HubCompatibility.Repositories;
using ModelHub.Contracts.Repositories;
using ModelHub.ServiceDefaults.Telemetry;

namespace ModelHub.Api.HubCompatibility.Files;

/// <summary>
/// <c>HEAD</c>/<c>GET /{org}/{name}/resolve/{rev}/{path}</c>: the file. Stored bytes are sent straight from
/// the blob file; bytes not stored yet are pulled through from the upstream (<see cref="ColdFetches"/>). A file of a
/// revision not synced yet is answered while the sync runs (<see cref="UnsyncedFiles"/>).
/// </summary>
internal static class ResolveFileEndpoint
{
    public static ValueTask<IResult> HandleAsync(HttpContext context, FileRequestServices services, CancellationToken cancellationToken) =>
        SendAsync(context, services, raw: false, cancellationToken);

    /// <summary>The file, or with <paramref name="raw"/> what git stores for it (<see cref="GetRawFileEndpoint"/>).</summary>
    public static async ValueTask<IResult> SendAsync(
        HttpContext context, FileRequestServices services, bool raw, CancellationToken cancellationToken)
    {
        if (HubRoute.RevisionAndPath(context, skip: HubRouteShape.Of(context).FileRouteSkip) is not (var revision, { } path))
        {
            return HubApiError.BadRequest("The route is /{org}/{name}/resolve/{revision}/{path}.");
        }

        var (resolved, file, error) = await services.Files.FindAsync(HubRouteShape.Of(context).Type, HubRouteShape.RepoIdOf(context), revision, path, services, cancellationToken);
        if (resolved is null || file is null)
        {
            return error!;
        }

        var access = await services.CheckAccessAsync(context, resolved, file, cancellationToken);
        if (access.Denied is { } denied)
        {
            return denied;
        }

        if (raw && file.LfsSha256 is { } sha256)
        {
            var pointer = LfsPointer.Bytes(sha256, file.Size);
            return await SendBytesAsync(context, new FileMeta(resolved.Commit, file.Oid, pointer.Length), pointer);
        }

        var meta = new FileMeta(resolved.Commit, file.ETag, file.Size);
        var head = HttpMethods.IsHead(context.Request.Method);
        var stored = await services.StoredSha256Async(file, cancellationToken);
        var inStore = InStore(services, stored, head, out var blob);
        try
        {
            if (!file.IsRecorded && !inStore && !head)
            {
                // Described by the upstream while its revision syncs: bytes to fetch need the file's row, recorded soon.
                (var recordedAt, file, var notYet) = await services.Unsynced.RecordedAsync(resolved, path, cancellationToken);
                if (recordedAt is null || file is null)
                {
                    return notYet!;
                }

                (resolved, meta) = (recordedAt, new FileMeta(recordedAt.Commit, file.ETag, file.Size));
                stored = await services.StoredSha256Async(file, cancellationToken);
                inStore = InStore(services, stored, head, out blob);
            }

            if (inStore)
            {
                services.Uses.Record(stored!, context.Request);
                return await SendBlobAsync(context, meta, blob);
            }
        }
        finally
        {
            // Only a blob found is leased, so the lease of the first look is never overwritten by the second.
            blob?.Dispose();
        }

        if (!file.IsRecorded)
        {
            // A HEAD of a file described by the upstream needs nothing more: no fetch starts before the file's row.
            RangedFileResponse.Start(context, meta);
            return Results.Empty;
        }

        return await services.PullThroughAsync(context, resolved, file, meta, stored, access.Lent);
    }

    /// <summary>
    /// Whether the store holds the blob; for a <c>GET</c>, also its open file (<see cref="OpenBlobs"/>), which is what is
    /// then read: a <c>HEAD</c> reads nothing, so its check opens nothing.
    /// </summary>
    private static bool InStore(FileRequestServices services, string? sha256, bool head, out BlobLease? blob)
    {
        blob = null;
        if (sha256 is null)
        {
            return false;
        }

        if (head)
        {
            return services.Store.Contains(sha256);
        }

        blob = services.Blobs.Open(sha256);
        return blob is not null;
    }

    private static async Task<IResult> SendBlobAsync(HttpContext context, FileMeta meta, BlobLease? blob)
    {
        // A HEAD (no lease) has no range to send.
        if (RangedFileResponse.Start(context, meta) is { } range && blob is not null)
        {
            await StoredFileBody.SendAsync(context.Response, blob.Handle, range.From, range.Count, context.RequestAborted);
            ServingMetrics.RecordBytesServed(range.Count, range.Partial, RepoTypeTelemetry.Tag(HubRouteShape.Of(context).Type));
        }

        return Results.Empty;
    }

    private static async Task<IResult> SendBytesAsync(HttpContext context, FileMeta meta, byte[] content)
    {
        if (RangedFileResponse.Start(context, meta) is { } range)
        {
            await context.Response.Body.WriteAsync(content.AsMemory((int)range.From, (int)range.Count), context.RequestAborted);
        }

        return Results.Empty;
    }
}
