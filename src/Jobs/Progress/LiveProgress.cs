using System.Globalization;
using ModelHub.ServiceDefaults.Caching;
using StackExchange.Redis;

namespace ModelHub.Jobs.Progress;

/// <summary>
/// Live progress of running jobs in Redis (written by workers a few times a second, read by the
/// Api). Losing it loses nothing: the saga keeps each job's final figures. While Redis is unreachable
/// writes are skipped and reads find nothing, at once (<see cref="RedisCircuit"/>): readers fall back
/// to the saga's figures.
/// </summary>
public sealed class LiveProgress(RedisCircuit redis)
{
    private static readonly TimeSpan Expiry = TimeSpan.FromHours(1);

    public Task WriteAsync(Guid jobId, LiveProgressFigures figures) => redis.RunAsync(async db =>
    {
        var key = Key(jobId);
        await db.HashSetAsync(key,
        [
            new("done", figures.BytesDone),
            new("total", figures.BytesTotal ?? -1),
            new("rate", figures.BytesPerSecond.ToString("R", CultureInfo.InvariantCulture)),
            new("at", figures.UpdatedAt.ToUnixTimeMilliseconds()),
        ]);
        await db.KeyExpireAsync(key, Expiry);
    });

    public async Task<LiveProgressFigures?> ReadAsync(Guid jobId)
    {
        var entries = await redis.RunAsync(db => db.HashGetAllAsync(Key(jobId)), []);
        var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value);
        if (!fields.TryGetValue("done", out var done) || !fields.TryGetValue("at", out var at))
        {
            return null;
        }

        var total = (long)fields.GetValueOrDefault("total", -1);
        var rate = double.TryParse(fields.GetValueOrDefault("rate").ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var r) ? r : 0;
        return new LiveProgressFigures((long)done, total < 0 ? null : total, rate, DateTimeOffset.FromUnixTimeMilliseconds((long)at));
    }

    public Task ForgetAsync(Guid jobId) => redis.RunAsync(db => db.KeyDeleteAsync(Key(jobId)));

    private static RedisKey Key(Guid jobId) => $"modelhub:progress:{jobId:N}";
}
