using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.Upstream;
using ModelHub.Upstream.Sources;
using StackExchange.Redis;

namespace ModelHub.Ingest.Upstreams;

/// <summary>
/// Each process keeps its own circuits and last errors; the board puts every process's view in one Redis hash, so that
/// <c>GET /v1/hub/upstreams/processes</c> and the admin page show a worker's open circuit too. A view not renewed for three
/// intervals belongs to a process that is gone, and is dropped. With Redis unreachable there is no board, only each
/// process's own view (and its log).
/// </summary>
public sealed class UpstreamBoard(
    RedisCircuit redis, UpstreamStates states, IHostEnvironment environment, IOptions<RedisOptions> redisOptions,
    IOptions<HubClientOptions> upstreamOptions, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>This process, as the board names it.</summary>
    public string Process { get; } =
        $"{environment.ApplicationName.Replace("ModelHub.", "", StringComparison.Ordinal)} on {Environment.MachineName} (pid {Environment.ProcessId})";

    private RedisKey Key => $"{redisOptions.Value.KeyPrefix}modelhub:upstreams";

    private TimeSpan Stale => 3 * upstreamOptions.Value.StatusShareInterval;

    /// <summary>This process's view now, as read from its own states (what the board gets at each interval).</summary>
    public ProcessUpstreams Own() => new(Process, clock.GetUtcNow(), states.Statuses());

    public Task PublishAsync() => redis.RunAsync(db => db.HashSetAsync(Key, Process, JsonSerializer.Serialize(Own(), Json)));

    /// <summary>This process's own view first, then every other process's last one, oldest dropped.</summary>
    public async Task<IReadOnlyList<ProcessUpstreams>> ReadAsync()
    {
        var entries = await redis.RunAsync(db => db.HashGetAllAsync(Key), []);
        var now = clock.GetUtcNow();
        var views = new List<ProcessUpstreams> { Own() };
        var gone = new List<RedisValue>();
        foreach (var entry in entries)
        {
            var view = Parse(entry.Value);
            if (view is null || now - view.At > Stale)
            {
                gone.Add(entry.Name);
            }
            else if (view.Process != Process)
            {
                views.Add(view);
            }
        }

        if (gone.Count > 0)
        {
            await redis.RunAsync(db => db.HashDeleteAsync(Key, [.. gone]));
        }

        return [views[0], .. views.Skip(1).OrderBy(v => v.Process, StringComparer.Ordinal)];
    }

    private static ProcessUpstreams? Parse(RedisValue value)
    {
        try
        {
            return JsonSerializer.Deserialize<ProcessUpstreams>(value.ToString(), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
