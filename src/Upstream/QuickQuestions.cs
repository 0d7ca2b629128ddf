namespace ModelHub.Upstream;

/// <summary>
/// Questions to the upstream that must not hold their caller long (what a repository is called now, who may read it, what
/// one file is, whether a reader's token opens it): the answer within <see cref="Budget"/>, retries included, or the failure
/// that says why not. A budget spent is a <see cref="HubError.Timeout"/>; only the caller's own cancellation is thrown.
/// </summary>
public static class QuickQuestions
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    public static Task<(HubRepoInfo? Info, HubException? Failure)> AskRepoInfoAsync(
        this IHubClient hub, HubRepo repo, string revision, CancellationToken cancellationToken) =>
        AskAsync(repo, token => hub.GetRepoInfoAsync(repo, revision, token), cancellationToken);

    public static Task<(IReadOnlyList<HubTreeEntry>? Info, HubException? Failure)> AskPathsInfoAsync(
        this IHubClient hub, HubRepo repo, string commit, IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        AskAsync(repo, token => hub.GetPathsInfoAsync(repo, commit, paths, token), cancellationToken);

    /// <summary><paramref name="question"/> about <paramref name="repo"/>, answered within <see cref="Budget"/> or failed.</summary>
    public static async Task<(T? Answer, HubException? Failure)> AskAsync<T>(
        HubRepo repo, Func<CancellationToken, Task<T>> question, CancellationToken cancellationToken)
        where T : class
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        try
        {
            return (await question(budget.Token), null);
        }
        catch (HubException e)
        {
            return (null, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new HubException(HubError.Timeout, $"the upstream did not answer about {repo} within {Budget.TotalSeconds:0} s", e));
        }
    }
}
