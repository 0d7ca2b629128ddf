using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelHub.Persistence.Repositories;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.Upstream;
using StackExchange.Redis;

namespace ModelHub.Api.HubCompatibility.Access;

/// <summary>
/// Whether a repository is gated upstream. The sync records no such thing, so the upstream's model
/// info is asked (at most every <see cref="HubApiOptions.GateRefresh"/>), and the last answer is kept in
/// memory and in Redis so that ModelHub still knows while the upstream is unreachable.
/// </summary>
internal sealed class UpstreamGate(IHubClient hub, RedisCircuit redis, IOptions<HubApiOptions> options, TimeProvider clock, ILogger<UpstreamGate> logger)
{
    private static readonly TimeSpan _askTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _retryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (GateInfo? Info, DateTimeOffset Until)> _known = new(StringComparer.Ordinal);

    /// <returns>The gate, or null when the upstream cannot be asked and nothing is remembered.</returns>
    public async Task<GateInfo?> GetAsync(ModelRepository repository, string commit, CancellationToken cancellationToken)
    {
        // Named as the Hub's addresses name it: a model's key is its id, a dataset's datasets/ and its id.
        var upstream = new HubRepo(repository.RepoType, repository.RepoId);
        var repoId = upstream.ToString();
        var now = clock.GetUtcNow();
        if (_known.TryGetValue(repoId, out var entry) && entry.Until > now)
        {
            return entry.Info;
        }

        var info = await AskUpstreamAsync(upstream, commit, cancellationToken);
        if (info is not null)
        {
            _known[repoId] = (info, now + options.Value.GateRefresh);
            await RememberAsync(repoId, info);
            return info;
        }

        var remembered = entry.Info ?? await RecallAsync(repoId);
        _known[repoId] = (remembered, now + _retryAfterFailure);
        return remembered;
    }

    private async Task<GateInfo?> AskUpstreamAsync(HubRepo upstream, string commit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_askTimeout);
        try
        {
            var model = await hub.GetRepoInfoAsync(upstream, commit, timeout.Token);
            return new GateInfo(model.Gated, model.Private);
        }
        catch (HubException e) when (e.Error is HubError.GatedRepo)
        {
            return new GateInfo("manual", false);
        }
        catch (Exception e) when (e is HubException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Could not ask the upstream whether {Repo} is gated: {Reason}", upstream.ToString(), e.Message);
            return null;
        }
    }

    // Redis keeps the last answer across restarts of the Api; while it is unreachable, memory alone does.
    private Task RememberAsync(string repoId, GateInfo info) =>
        redis.RunAsync(db => db.StringSetAsync(Key(repoId), JsonSerializer.Serialize(info)));

    private async Task<GateInfo?> RecallAsync(string repoId)
    {
        var value = await redis.RunAsync(db => db.StringGetAsync(Key(repoId)), RedisValue.Null);
        return value.HasValue ? JsonSerializer.Deserialize<GateInfo>(value.ToString()) : null;
    }

    private static RedisKey Key(string repoId) => $"modelhub:upstream-gate:{repoId}";
}
