namespace ModelHub.Api.Registry;

/// <summary>
/// A branch, tag, commit or special ref (<c>refs/pr/1</c>) as the Hub accepts them: git's
/// ref-name rules, which also keep a revision safe to use in a URL and a file name.
/// </summary>
internal static class RevisionName
{
    public const int MaxLength = 255;

    public static string? Validate(string value)
    {
        if (value.Length is 0 or > MaxLength)
        {
            return $"revision must be 1 to {MaxLength} characters long.";
        }

        if (value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '~' or '^' or ':' or '?' or '*' or '[' or '\\'))
        {
            return "revision may not contain spaces, control characters or any of ~ ^ : ? * [ \\.";
        }

        if (value.Contains("..", StringComparison.Ordinal) || value.Contains("//", StringComparison.Ordinal)
            || value.Contains("@{", StringComparison.Ordinal))
        {
            return "revision may not contain '..', '//' or '@{'.";
        }

        return value.StartsWith('/') || value.EndsWith('/') || value.EndsWith('.') || value.EndsWith(".lock", StringComparison.Ordinal)
            || value.StartsWith('-') || value == "@"
            ? "revision may not start with '/' or '-', end with '/', '.' or '.lock', or be '@'."
            : null;
    }
}
