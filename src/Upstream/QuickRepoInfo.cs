namespace ModelHub.Upstream;

/// <summary>
/// A question to the upstream that must not hold its caller long (what a repository is called now, who may read it):
/// the repository's info within <see cref="Budget"/>, retries included, or the failure that says why not. A budget
/// spent is a <see cref="HubError.Timeout"/>; only the caller's own cancellation is thrown.
/// </summary>
public static class QuickRepoInfo
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    public static async Task<(HubRepoInfo? Info, HubException? Failure)> AskRepoInfoAsync(
        this IHubClient hub, HubRepo repo, string revision, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        try
        {
            return (await hub.GetRepoInfoAsync(repo, revision, budget.Token), null);
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
