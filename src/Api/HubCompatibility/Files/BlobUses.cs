using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.HubCompatibility.Files;

/// <summary>
/// Records that stored bytes were served, for the quota's least-recently-used order: at most once per
/// blob per <see cref="Resolution"/>, off the request's path (a failed write only makes the order coarser).
/// Only requests that start at byte 0 count: the further ranges of one download are the same use.
/// </summary>
internal sealed class BlobUses(IServiceScopeFactory scopes, TimeProvider clock, ILogger<BlobUses> logger)
{
    private static readonly TimeSpan Resolution = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _recorded = new();

    public void Record(string sha256, HttpRequest request)
    {
        if (HttpMethods.IsHead(request.Method) || !StartsAtZero(request.Headers.Range.ToString()))
        {
            return;
        }

        var now = clock.GetUtcNowForDatabase();
        if (_recorded.TryGetValue(sha256, out var last) && now - last < Resolution)
        {
            return;
        }

        _recorded[sha256] = now;
        StartWrite(sha256, now);
    }

    // Its own method: a lambda over Record's parameters would build its closure on every call, recorded or not.
    private void StartWrite(string sha256, DateTimeOffset now) => _ = Task.Run(() => WriteAsync(sha256, now));

    private async Task WriteAsync(string sha256, DateTimeOffset now)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
            await db.Artifacts.Where(a => a.ContentHash == sha256).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastAccessedAt, now));
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Could not record the use of blob {Sha256}", sha256);
        }
    }

    private static bool StartsAtZero(string range) => range.Length == 0 || range.StartsWith("bytes=0-", StringComparison.Ordinal);
}
