using System.Text;
using System.Text.RegularExpressions;

namespace ModelHub.Api.Management.Downloads;

/// <summary>
/// <c>allow_patterns</c>-style globs as huggingface_hub matches them (fnmatch): <c>*</c> matches any
/// characters, <c>/</c> included; <c>?</c> one character; <c>[…]</c> a set. A trailing <c>/</c> means
/// everything below that folder.
/// </summary>
internal static class FilePatterns
{
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
                case '[' when pattern.IndexOf(']', i + 1) is var end and > 0:
                    var set = pattern[(i + 1)..end];
                    regex.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));
    }
}
