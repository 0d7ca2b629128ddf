namespace ModelHub.Contracts.Repositories;

/// <summary>
/// A Hugging Face repo id (<c>repo_id</c>), <c>namespace/name</c> or a legacy id without a namespace (<c>gpt2</c>),
/// checked against the Hub's own rules (huggingface_hub <c>validate_repo_id</c>): letters, digits, <c>-</c>,
/// <c>_</c>, <c>.</c>; no <c>--</c> or <c>..</c>; no <c>-</c> or <c>.</c> at either end of a part; at most 96
/// characters a part; not ending in <c>.git</c>. ModelHub records repositories under <c>namespace/name</c> only: a
/// legacy id is a name the upstream redirects to its current one (<see cref="HasNamespace"/>).
/// </summary>
public static class RepoIdRules
{
    public const int MaxPartLength = 96;

    /// <summary>The longest valid id: two parts and the slash between them.</summary>
    public const int MaxLength = MaxPartLength + 1 + MaxPartLength;

    /// <summary>Returns null when <paramref name="value"/> is a valid id, else the rule it breaks.</summary>
    public static string? Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "repo_id is required, as 'namespace/name' (for example 'Wan-AI/Wan2.1-T2V-1.3B').";
        }

        var parts = value.Split('/');
        if (parts.Length > 2 || parts.Any(p => p.Length == 0))
        {
            return "repo_id must be 'namespace/name' (or a legacy id without a namespace, such as 'gpt2'): at most one '/', between two non-empty parts.";
        }

        foreach (var part in parts)
        {
            if (ValidatePart(part) is { } rule)
            {
                return rule;
            }
        }

        return value.EndsWith(".git", StringComparison.OrdinalIgnoreCase)
            ? "repo_id may not end with '.git'."
            : null;
    }

    /// <summary>Whether a valid id is <c>namespace/name</c>, the form ModelHub records repositories under.</summary>
    public static bool HasNamespace(string repoId) => repoId.Count(c => c == '/') == 1;

    private static string? ValidatePart(string part)
    {
        if (part.Length > MaxPartLength)
        {
            return $"Each part of repo_id may be at most {MaxPartLength} characters long.";
        }

        if (!part.All(IsAllowed))
        {
            return "repo_id may contain only ASCII letters, digits, '-', '_' and '.'.";
        }

        if (part.Contains("--", StringComparison.Ordinal) || part.Contains("..", StringComparison.Ordinal))
        {
            return "repo_id may not contain '--' or '..'.";
        }

        return part[0] is '-' or '.' || part[^1] is '-' or '.'
            ? "Each part of repo_id must start and end with a letter, a digit or '_'."
            : null;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
