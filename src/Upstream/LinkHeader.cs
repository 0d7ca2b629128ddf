namespace ModelHub.Upstream;

/// <summary>
/// Reads <c>Link: &lt;url&gt;; rel="next"</c> (RFC 8288): several links per header or several
/// headers, any spacing, quoted or bare <c>rel</c> values, several relations per <c>rel</c>.
/// </summary>
internal static class LinkHeader
{
    public static Uri? FindNext(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        var baseUri = response.RequestMessage?.RequestUri;
        foreach (var value in values)
        {
            foreach (var (target, parameters) in Parse(value))
            {
                if (HasRelation(parameters, "next") && TryResolve(baseUri, target, out var uri))
                {
                    return uri;
                }
            }
        }

        return null;
    }

    internal static IEnumerable<(string Target, string Parameters)> Parse(string value)
    {
        var position = 0;
        while (true)
        {
            var open = value.IndexOf('<', position);
            var close = open < 0 ? -1 : value.IndexOf('>', open + 1);
            if (close < 0)
            {
                yield break;
            }

            var parametersEnd = FindLinkEnd(value, close + 1);
            yield return (value[(open + 1)..close].Trim(), value[(close + 1)..parametersEnd]);
            position = parametersEnd;
        }
    }

    // A link ends at the first comma outside quotes (a quoted title may hold one).
    private static int FindLinkEnd(string value, int start)
    {
        var quoted = false;
        for (var i = start; i < value.Length; i++)
        {
            if (value[i] == '"')
            {
                quoted = !quoted;
            }
            else if (value[i] == ',' && !quoted)
            {
                return i;
            }
        }

        return value.Length;
    }

    private static bool HasRelation(string parameters, string relation)
    {
        foreach (var parameter in parameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=');
            if (equals > 0 && parameter[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase))
            {
                var relations = parameter[(equals + 1)..].Trim().Trim('"', '\'');
                return relations.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Contains(relation, StringComparer.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    private static bool TryResolve(Uri? baseUri, string target, out Uri uri)
    {
        if (Uri.TryCreate(target, UriKind.Absolute, out uri!) && uri.Scheme is "http" or "https")
        {
            return true;
        }

        return baseUri is not null && Uri.TryCreate(baseUri, target, out uri!);
    }
}
