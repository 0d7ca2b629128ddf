using ModelHub.Api.Registry;

namespace ModelHub.Api.Management.Conventions;

/// <summary>The repo id and revision rules, recorded under their field names, as every endpoint that takes them reports them.</summary>
internal static class RequestRules
{
    public static void CheckRepoId(this Dictionary<string, string[]> errors, string? repoId)
    {
        if (RepoId.Validate(repoId) is { } rule)
        {
            errors["repo_id"] = [rule];
        }
    }

    public static void CheckOptionalRepoId(this Dictionary<string, string[]> errors, string? repoId)
    {
        if (repoId is not null)
        {
            errors.CheckRepoId(repoId);
        }
    }

    public static void CheckOptionalRevision(this Dictionary<string, string[]> errors, string? revision)
    {
        if (revision is not null && RevisionName.Validate(revision) is { } rule)
        {
            errors["revision"] = [rule];
        }
    }
}
