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
            new("rate", Text(figures.BytesPerSecond)),
            new("items", figures.ItemsDone),
            new("items_total", figures.ItemsTotal ?? -1),
            new("items_unit", figures.ItemsUnit ?? ""),
            new("items_rate", Text(figures.ItemsPerSecond)),
            new("items_failed", figures.ItemsFailed),
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

        return new LiveProgressFigures((long)done, Count(fields, "total"), Rate(fields, "rate"), DateTimeOffset.FromUnixTimeMilliseconds((long)at))
        {
            ItemsDone = (long)fields.GetValueOrDefault("items", 0),
            ItemsTotal = Count(fields, "items_total"),
            ItemsUnit = fields.GetValueOrDefault("items_unit").ToString() is { Length: > 0 } unit ? unit : null,
            ItemsPerSecond = Rate(fields, "items_rate"),
            ItemsFailed = (long)fields.GetValueOrDefault("items_failed", 0),
        };
    }

    public Task ForgetAsync(Guid jobId) => redis.RunAsync(db => db.KeyDeleteAsync(Key(jobId)));

    private static RedisKey Key(Guid jobId) => $"modelhub:progress:{jobId:N}";

    private static string Text(double rate) => rate.ToString("R", CultureInfo.InvariantCulture);

    private static long? Count(Dictionary<string, RedisValue> fields, string name) =>
        (long)fields.GetValueOrDefault(name, -1) is var count and >= 0 ? count : null;

    private static double Rate(Dictionary<string, RedisValue> fields, string name) =>
        double.TryParse(fields.GetValueOrDefault(name).ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) ? rate : 0;
}
