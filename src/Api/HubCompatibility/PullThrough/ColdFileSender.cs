using System.IO.Pipelines;
using Microsoft.Win32.SafeHandles;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.Files;
using ModelHub.Api.HubCompatibility.Repositories;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Api.HubCompatibility.PullThrough;

/// <summary>
/// Sends a file that is being pulled through: the response starts once the upstream has answered,
/// and its bytes follow the growing file in <c>temp/</c>, read straight into the response's pipe
/// (<see cref="StoredFileBody.CopyAsync"/>). The last byte waits for verification; if the
/// bytes fail it, the connection is cut short of <c>Content-Length</c>, so the client's download fails.
/// </summary>
internal static class ColdFileSender
{
    public static async Task<IResult> SendAsync(HttpContext context, ColdFetch fetch, HubCommit resolved, HubFile file, FileMeta meta, BlobStore store)
    {
        try
        {
            await fetch.Opened.WaitAsync(context.RequestAborted);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            return Explain(e, resolved, file);
        }

        if (RangedFileResponse.Start(context, meta) is not { } range)
        {
            return Results.Empty;
        }

        try
        {
            await FollowAsync(context, fetch, range, store);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; the fetch goes on for the others and the store.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // The fetch failed before a byte was sent (an oversize body is found out at once): say why, not a reset.
            context.Response.Clear();
            return Explain(e, resolved, file);
        }
        catch (Exception)
        {
            // The fetch failed (the reason is logged where it happened): cut the response short.
            context.Abort();
        }

        return Results.Empty;
    }

    private static async Task FollowAsync(HttpContext context, ColdFetch fetch, RequestedRange range, BlobStore store)
    {
        var cancellationToken = context.RequestAborted;
        SafeFileHandle? part = null;
        if (!fetch.Stored.IsCompleted && fetch.PartPath is { } partPath)
        {
            try
            {
                part = File.OpenHandle(partPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
            }
            catch (FileNotFoundException)
            {
                // Already verified and moved into the store.
            }
        }

        if (part is null)
        {
            var blob = await fetch.Stored.WaitAsync(cancellationToken);
            await StoredFileBody.SendAsync(context.Response, store.BlobPath(blob.Sha256), range.From, range.Count, cancellationToken);
            return;
        }

        using (part)
        {
            await CopyAsync(context.Response.BodyWriter, part, fetch, range, cancellationToken);
        }
    }

    private static async Task CopyAsync(PipeWriter body, SafeFileHandle part, ColdFetch fetch, RequestedRange range, CancellationToken cancellationToken)
    {
        var position = range.From;
        var end = range.From + range.Count;
        while (position < end)
        {
            var progress = fetch.Progress;
            if (fetch.Stored.IsFaulted && !fetch.IsVerified)
            {
                throw fetch.Stored.Exception!.InnerException!;
            }

            var upTo = Math.Min(fetch.Sendable, end);
            if (position < upTo)
            {
                if (!await StoredFileBody.CopyAsync(part, body, position, upTo, cancellationToken))
                {
                    return; // the client has gone
                }

                position = upTo;
                continue;
            }

            await progress.WaitAsync(cancellationToken);
        }
    }

    private static HubApiError Explain(Exception error, HubCommit resolved, HubFile file)
    {
        var what = $"{file.Path} of {resolved.Repository.RepoId}@{resolved.Commit} is not stored in ModelHub";
        return error switch
        {
            HubException { Error: HubError.EntryNotFound } => HubApiError.EntryNotFound(resolved.Repository.RepoId, resolved.Commit, file.Path),
            HubException { Error: HubError.Unreachable or HubError.Timeout } e => HubApiError.Unavailable($"{what}, and the upstream is unreachable: {e.Message}"),
            HubException { Error: HubError.Stalled } e => HubApiError.Unavailable($"{what}, and the upstream stopped sending it: {e.Message}"),
            HubException e => HubApiError.BadGateway($"{what}, and the upstream refused it: {e.Message}"),
            TimeoutException e => HubApiError.Unavailable($"{what} yet: {e.Message}"),
            StoreFullException e => HubApiError.StoreFull($"{what}, and {e.Message}"),
            _ => HubApiError.BadGateway($"{what}, and fetching it failed: {error.Message}"),
        };
    }
}
