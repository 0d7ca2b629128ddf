namespace ModelHub.TestSupport;

/// <summary>The Hub's paging as a client follows it: the target of the <c>Link</c> header's <c>rel="next"</c>.</summary>
public static class LinkHeaders
{
    /// <summary>The next page's address, or null on the last page (the response's one <c>Link</c> header, if any).</summary>
    public static string? Next(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links) ? Next(links.Single()) : null;

    public static string? Next(string link)
    {
        var start = link.IndexOf('<') + 1;
        var end = link.IndexOf('>');
        return link.Contains("rel=\"next\"", StringComparison.Ordinal) && start > 0 && end > start ? link[start..end] : null;
    }
}
