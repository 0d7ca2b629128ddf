using ModelHub.Api.Registry;
using ModelHub.Contracts.Repositories;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.Management.Conventions;

/// <summary>The repo id, repo type and revision rules, recorded under their field names, as every endpoint that takes them reports them.</summary>
internal static class RequestRules
{
    public static void CheckRepoId(this Dictionary<string, string[]> errors, string? repoId)
    {
        if (RepoIdRules.Validate(repoId) is { } rule)
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

    /// <summary>The type <paramref name="repoType"/> names; a model when it is absent (as on the Hub).</summary>
    public static RepoType CheckOptionalRepoType(this Dictionary<string, string[]> errors, string? repoType)
    {
        if (repoType is null)
        {
            return RepoType.Model;
        }

        if (SnakeCaseEnums.TryParseSnakeCase<RepoType>(repoType, out var type))
        {
            return type;
        }

        var accepted = $"repo_type must be one of: {string.Join(", ", SnakeCaseEnums.SnakeCaseNames<RepoType>())}.";
        errors["repo_type"] = [repoType == "space" ? $"Spaces are applications, not files to mirror: {accepted}" : accepted];
        return RepoType.Model;
    }

    /// <summary><c>include</c> / <c>exclude</c>: at most 100 non-empty patterns of up to 512 characters each.</summary>
    public static void CheckOptionalPatterns(this Dictionary<string, string[]> errors, string name, string[]? patterns)
    {
        if (patterns is { } list && (list.Length > 100 || list.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > 512)))
        {
            errors[name] = [$"{name} takes at most 100 non-empty patterns of up to 512 characters."];
        }
        else if (patterns?.Select(FilePatterns.Validate).OfType<string>().ToArray() is { Length: > 0 } invalid)
        {
            errors[name] = invalid;
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
