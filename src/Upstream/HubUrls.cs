namespace ModelHub.Upstream;

/// <summary>
/// The Hub's addresses, encoded as <c>huggingface_hub</c> encodes them: a revision with every
/// reserved character escaped (<c>refs/pr/1</c> → <c>refs%2Fpr%2F1</c>), a file path with its
/// <c>/</c> kept and the rest escaped.
/// </summary>
internal sealed class HubUrls(string endpoint)
{
    public string Endpoint { get; } = endpoint;

    private Uri Origin { get; } = new(endpoint);

    public Uri RepoInfo(HubRepo repo, string revision) =>
        Build($"{repo.ApiFolder}/{EscapePath(repo.Id)}/revision/{EscapeRevision(revision)}");

    public Uri Tree(HubRepo repo, string revision) =>
        Build($"{repo.ApiFolder}/{EscapePath(repo.Id)}/tree/{EscapeRevision(revision)}?recursive=true&expand=false");

    public Uri PathsInfo(HubRepo repo, string revision) =>
        Build($"{repo.ApiFolder}/{EscapePath(repo.Id)}/paths-info/{EscapeRevision(revision)}");

    /// <summary><c>{org/name}/resolve/…</c> for a model, <c>datasets/{org/name}/resolve/…</c> for a dataset.</summary>
    public Uri Resolve(HubRepo repo, string revision, string path) =>
        Build($"{EscapePath(repo.ToString())}/resolve/{EscapeRevision(revision)}/{EscapePath(path)}");

    /// <summary>Whether <paramref name="uri"/> is on the Hub's own origin (scheme, host and port), where the token may go.</summary>
    public bool IsHubOrigin(Uri uri) =>
        Uri.Compare(uri, Origin, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    public static string EscapeRevision(string revision)
    {
        ArgumentException.ThrowIfNullOrEmpty(revision);
        // System.Uri collapses "." and ".." segments even when escaped, so they cannot be sent as they are.
        if (revision is "." or "..")
        {
            throw new ArgumentException($"'{revision}' is not a revision.", nameof(revision));
        }

        return Uri.EscapeDataString(revision);
    }

    public static string EscapePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var segments = path.Split('/');
        if (segments.Any(segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException($"'{path}' has an empty, '.' or '..' segment and cannot be requested.", nameof(path));
        }

        return string.Join('/', segments.Select(Uri.EscapeDataString));
    }

    private Uri Build(string relative) => new($"{Endpoint}/{relative}");
}
