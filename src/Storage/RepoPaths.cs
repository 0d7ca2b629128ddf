namespace ModelHub.Storage;

/// <summary>
/// Paths inside a repository come from the upstream and from users: before one touches the disk
/// it must be a plain relative path that cannot leave the folder it is joined to.
/// </summary>
public static class RepoPaths
{
    public const int MaxLength = 1024;
    public const int MaxSegmentLength = 255;

    /// <summary>Returns null when <paramref name="path"/> is safe, else why it is not.</summary>
    public static string? Validate(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "empty path";
        }

        if (path.Length > MaxLength)
        {
            return $"longer than {MaxLength} characters";
        }

        if (path.Any(char.IsControl))
        {
            return "contains a control character (NUL, newline, …)";
        }

        if (path.Contains('\\'))
        {
            return "contains a backslash";
        }

        if (path.StartsWith('/') || (path.Length >= 2 && path[1] == ':'))
        {
            return "absolute path";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return segment == "" ? "empty segment ('//' or a trailing '/')" : $"'{segment}' segment";
            }

            if (System.Text.Encoding.UTF8.GetByteCount(segment) > MaxSegmentLength)
            {
                return $"a segment longer than {MaxSegmentLength} bytes";
            }
        }

        return null;
    }

    /// <summary>
    /// Joins a validated repository path to <paramref name="root"/>, and checks once more, on the
    /// resolved full path, that the result is inside it.
    /// </summary>
    public static string Resolve(string root, string path)
    {
        if (Validate(path) is { } reason)
        {
            throw new ArgumentException($"unsafe path '{path}': {reason}", nameof(path));
        }

        var fullRoot = Path.GetFullPath(root);
        var full = Path.GetFullPath(Path.Combine(fullRoot, path));
        return full.StartsWith(fullRoot.TrimEnd('/') + "/", StringComparison.Ordinal)
            ? full
            : throw new ArgumentException($"unsafe path '{path}': leaves its folder", nameof(path));
    }
}
