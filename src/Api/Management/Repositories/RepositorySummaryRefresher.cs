using System.Collections.Concurrent;
using ModelHub.Persistence;

namespace ModelHub.Api.Management.Repositories;

/// <summary>
/// Downloads change a repository's figures a file at a time, hundreds a second in a snapshot: dropping its cached
/// summary on each would have every listing recompute it (a grouped query over all its artifacts) all the while.
/// Instead a downloaded file marks the repository changed, and once a second the summaries of the changed ones are
/// computed again and put in the cache in place of the old: readers keep finding one, at most a second behind.
/// </summary>
internal sealed class RepositorySummaryRefresher(
    RepositorySummaryCache cache, IServiceScopeFactory scopes, TimeProvider clock, ILogger<RepositorySummaryRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<Guid, byte> _changed = new();

    public void MarkChanged(Guid repositoryId) => _changed.TryAdd(repositoryId, 0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var repositoryId in _changed.Keys)
            {
                _changed.TryRemove(repositoryId, out _);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await cache.RefreshAsync(scope.ServiceProvider.GetRequiredService<ModelHubDbContext>(), repositoryId, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The cached summary expires on its own; the next download marks the repository again.
                    logger.LogWarning("Could not refresh the summary of repository {RepositoryId}: {Reason}", repositoryId, e.Message);
                }
            }
        }
    }
}
