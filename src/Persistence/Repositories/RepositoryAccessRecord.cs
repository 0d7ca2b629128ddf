namespace ModelHub.Persistence.Repositories;

/// <summary>The one home of how the upstream's answer about a repository becomes its recorded access.</summary>
public static class RepositoryAccessRecord
{
    /// <summary>What the upstream's repository info says: private, gated (<c>auto</c> or <c>manual</c>), or public.</summary>
    public static RepositoryAccess FromUpstream(bool isPrivate, string? gated) =>
        isPrivate ? RepositoryAccess.Private : gated is not null ? RepositoryAccess.Gated : RepositoryAccess.Public;

    /// <summary>
    /// Records the upstream's answer on a tracked repository, unless an admin set its access. Returns whether the
    /// recorded access changed (the caller saves).
    /// </summary>
    public static bool RecordUpstreamAnswer(this ModelRepository repository, RepositoryAccess answer, DateTimeOffset now)
    {
        if (repository.AccessSetByAdmin)
        {
            return false;
        }

        var changed = repository.Access != answer;
        repository.Access = answer;
        repository.AccessCheckedAt = now;
        return changed;
    }
}
