using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ModelHub.Persistence;
using ModelHub.Persistence.Repositories;
using ModelHub.ServiceDefaults.Conventions;
using ModelHub.Upstream;

namespace ModelHub.Api.HubCompatibility.Access;

/// <summary>
/// Keeps a repository's recorded access current between syncs: at most every <see cref="HubApiOptions.GateRefresh"/>
/// a request's look at the record starts one background question to the upstream, whose answer is recorded when it
/// says something new. The request never waits for it; an unreachable upstream changes nothing, and is asked again
/// after <see cref="RetryAfterFailure"/>. An access an admin set is never asked about.
/// </summary>
internal sealed class AccessRefresher(
    IHubClient hub, IServiceScopeFactory scopes, IOptions<HubApiOptions> options, TimeProvider clock, ILogger<AccessRefresher> logger)
{
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    // When each repository may be asked about next: one question in flight per repository, none while one is due later.
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _nextQuestion = new();

    public void RefreshIfDue(ModelRepository repository, string commit)
    {
        var now = clock.GetUtcNow();
        if (repository.AccessSetByAdmin
            || repository.AccessCheckedAt + options.Value.GateRefresh > now
            || (_nextQuestion.TryGetValue(repository.Id, out var next) && next > now))
        {
            return;
        }

        _nextQuestion[repository.Id] = now + RetryAfterFailure;
        StartRefresh(repository.Id, new HubRepo(repository.RepoType, repository.RepoId), commit);
    }

    /// <summary>
    /// Records an answer a request got from the upstream itself (a file asked for before its revision was synced): on
    /// <paramref name="repository"/>, the request's copy, which it serves by, and in the database.
    /// </summary>
    public async Task RecordAsync(ModelRepository repository, RepositoryAccess answer)
    {
        repository.RecordUpstreamAnswer(answer, clock.GetUtcNowForDatabase());
        await SaveAsync(repository.Id, new HubRepo(repository.RepoType, repository.RepoId), answer);
    }

    // Its own method: a lambda over RefreshIfDue's parameters would build its closure on every call, due or not.
    private void StartRefresh(Guid repositoryId, HubRepo upstream, string commit) =>
        _ = Task.Run(() => RefreshAsync(repositoryId, upstream, commit));

    private async Task RefreshAsync(Guid repositoryId, HubRepo upstream, string commit)
    {
        try
        {
            if (await AskAsync(upstream, commit) is { } answer)
            {
                await SaveAsync(repositoryId, upstream, answer);
            }
        }
        catch (Exception e)
        {
            // A background question must never take the Api down; the record stays as it was.
            logger.LogWarning(e, "Could not record what the upstream says about access to {Repo}", upstream.ToString());
        }
    }

    private async Task SaveAsync(Guid repositoryId, HubRepo upstream, RepositoryAccess answer)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var repository = await db.Repositories.FindAsync(repositoryId);
        if (repository is null)
        {
            return;
        }

        var before = repository.Access;
        if (repository.RecordUpstreamAnswer(answer, clock.GetUtcNowForDatabase()))
        {
            logger.LogInformation("The upstream now says {Repo} is {Access} (recorded: {Before})", upstream.ToString(), answer.ToSnakeCase(), before.ToSnakeCase());
        }

        await db.SaveChangesAsync();
        _nextQuestion.TryRemove(repositoryId, out _);
    }

    private async Task<RepositoryAccess?> AskAsync(HubRepo upstream, string commit)
    {
        var (info, failure) = await hub.AskRepoInfoAsync(upstream, commit, CancellationToken.None);
        if (info is not null)
        {
            return RepositoryAccessRecord.FromUpstream(info.Private, info.Gated);
        }

        if (failure!.Error is HubError.GatedRepo)
        {
            return RepositoryAccess.Gated;
        }

        logger.LogInformation("Could not ask the upstream who may read {Repo}: {Reason}", upstream.ToString(), failure.Message);
        return null;
    }
}
