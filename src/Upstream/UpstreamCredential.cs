namespace ModelHub.Upstream;

/// <summary>
/// A token a caller of ModelHub lends for the upstream requests made on their behalf (<see cref="HubClientOptions.CallerTokens"/>):
/// set around the start of that work, it flows with it (an <see cref="AsyncLocal{T}"/>, so work started inside the scope
/// keeps it and nothing outside sees it) and replaces <see cref="HubClientOptions.Token"/> for the Hub's own origin only. It is
/// held in memory for the work's lifetime and never written anywhere: not to the database, a log, a cache key or a message.
/// </summary>
public static class UpstreamCredential
{
    private static readonly AsyncLocal<string?> _lent = new();

    /// <summary>The lent token in this flow of work, if any.</summary>
    internal static string? Lent => _lent.Value;

    /// <summary>Lends <paramref name="token"/> to the upstream requests started until the scope is disposed.</summary>
    public static IDisposable Lend(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        var previous = _lent.Value;
        _lent.Value = token;
        return new LentScope(() => _lent.Value = previous);
    }
}
