using System.Text;
using System.Text.RegularExpressions;

namespace ModelHub.Contracts.Repositories;

/// <summary>
/// <c>allow_patterns</c>-style globs as huggingface_hub matches them (fnmatch): <c>*</c> matches any
/// characters, <c>/</c> included; <c>?</c> one character; <c>[…]</c> a set. A trailing <c>/</c> means
/// everything below that folder.
/// </summary>
public static class FilePatterns
{
    /// <summary>Whether a path is selected: it matches one of <paramref name="include"/> (or there are none) and none of <paramref name="exclude"/>.</summary>
    public static Func<string, bool> Selector(IReadOnlyCollection<string> include, IReadOnlyCollection<string> exclude)
    {
        var included = include.Select(ToRegex).ToList();
        var excluded = exclude.Select(ToRegex).ToList();
        return path => (included.Count == 0 || included.Any(r => r.IsMatch(path))) && !excluded.Any(r => r.IsMatch(path));
    }

    /// <summary>The patterns of <paramref name="include"/> that match none of <paramref name="paths"/>.</summary>
    public static List<string> Unmatched(IEnumerable<string> include, IReadOnlyCollection<string> paths) =>
        [.. include.Where(pattern => ToRegex(pattern) is var regex && !paths.Any(regex.IsMatch))];

    public static Regex ToRegex(string pattern)
    {
        if (pattern.EndsWith('/'))
        {
            pattern += "*";
        }

        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[' when SetEnd(pattern, i) is var end and > 0:
                    var set = pattern[(i + 1)..end];
                    var negated = set.StartsWith('!');
                    regex.Append(negated ? "[^" : "[").Append(Regex.Escape(negated ? set[1..] : set).Replace("]", @"\]", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));
    }

    /// <summary>Why <paramref name="pattern"/> is not a pattern (a set's range that runs backwards, <c>[z-a]</c>), or null.</summary>
    public static string? Validate(string pattern)
    {
        try
        {
            ToRegex(pattern);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"'{pattern}' is not a valid pattern: {e.Message}";
        }
    }

    // Where the set opened at `open` ends, as fnmatch reads it: a ']' first in the set (after a '!') is one of its
    // characters, so "[]]" is the set of ']' and "[]" is no set at all (its '[' is then literal). -1 when there is none.
    private static int SetEnd(string pattern, int open)
    {
        var first = open + 1;
        if (first < pattern.Length && pattern[first] == '!')
        {
            first++;
        }

        if (first < pattern.Length && pattern[first] == ']')
        {
            first++;
        }

        return first < pattern.Length ? pattern.IndexOf(']', first) : -1;
    }
}
