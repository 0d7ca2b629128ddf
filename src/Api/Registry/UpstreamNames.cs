using ModelHub.Contracts.Repositories;
using ModelHub.Upstream;

namespace ModelHub.Api.Registry;

/// <summary>
/// The name the upstream gives a repository now. huggingface.co answers a legacy id (<c>gpt2</c>) and a renamed or
/// mis-cased one with a 307 to the current name; the upstream client follows it, and the repository info it ends at
/// carries the current id. Asked for legacy ids only, within <see cref="QuickQuestions.Budget"/>: a registration must not
/// wait minutes on an upstream that cannot be reached.
/// </summary>
internal sealed class UpstreamNames(IHubClient hub, ILogger<UpstreamNames> logger)
{
    public async Task<UpstreamName> AskAsync(HubRepo repo, CancellationToken cancellationToken)
    {
        // HEAD is the default branch on the Hub (and on ModelHub): whichever it is, the id is what matters here.
        var (info, failure) = await hub.AskRepoInfoAsync(repo, "HEAD", cancellationToken);
        if (info is not null)
        {
            return RepoIdRules.Validate(info.Id) is null
                ? new UpstreamName(info.Id, null)
                : new UpstreamName(null, RegistrationProblem.UpstreamSilent(repo.Id, $"it answered '{info.Id}', which is not a repository id"));
        }

        if (failure!.Error is HubError.RepoNotFound)
        {
            return new UpstreamName(null, RegistrationProblem.NotFoundUpstream(repo.Id));
        }

        logger.LogInformation("Could not ask the upstream what {Repo} is called now: {Reason}", repo.ToString(), failure.Message);
        return new UpstreamName(null, RegistrationProblem.UpstreamSilent(repo.Id, failure.Message));
    }
}
