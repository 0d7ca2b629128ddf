namespace ModelHub.Upstream;

/// <summary>
/// The Hugging Face Hub's HTTP API as ModelHub uses it (the endpoints the official download
/// clients call). Every failure the Hub reports is a <see cref="HubException"/>
/// whose <see cref="HubException.Error"/> says which.
/// </summary>
public interface IHubClient
{
    /// <summary><c>GET /api/models/{repoId}/revision/{revision}</c>: the commit a revision points at, and the files.</summary>
    Task<HubModelInfo> GetModelInfoAsync(string repoId, string revision, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /api/models/{repoId}/tree/{commit}?recursive=true</c>, every page (following <c>Link: rel="next"</c>):
    /// files and directories, as the Hub sends them (paths are NOT validated here).
    /// </summary>
    IAsyncEnumerable<HubTreeEntry> ListTreeAsync(string repoId, string commit, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /{repoId}/resolve/{commit}/{path}</c>, following the Hub's redirect to its CDN, from
    /// byte <paramref name="offset"/> on (a <c>Range</c> request when it is above 0). The caller reads
    /// and disposes the body.
    /// </summary>
    Task<HubFileDownload> DownloadAsync(string repoId, string commit, string path, long offset, CancellationToken cancellationToken);

    /// <summary>
    /// The same, for <paramref name="length"/> bytes from <paramref name="offset"/> (<c>Range: bytes=a-b</c>), so
    /// several connections can fetch parts of one large file at once. A server that ignores ranges
    /// answers the whole file from 0: check <see cref="HubFileDownload.Offset"/>.
    /// </summary>
    Task<HubFileDownload> DownloadRangeAsync(string repoId, string commit, string path, long offset, long length, CancellationToken cancellationToken);
}

/// <param name="Id">The repository id as the Hub spells it.</param>
/// <param name="Sha">The lowercase 40-hex commit the revision resolved to.</param>
/// <param name="Siblings">Every file path of that commit (<c>siblings[].rfilename</c>).</param>
public sealed record HubModelInfo(string Id, string Sha, IReadOnlyList<string> Siblings)
{
    public bool Private { get; init; }

    /// <summary><c>auto</c> or <c>manual</c> when access must be requested; null when the Hub says <c>false</c>.</summary>
    public string? Gated { get; init; }

    public DateTimeOffset? LastModified { get; init; }
}

/// <param name="Type"><c>file</c> or <c>directory</c> (anything else the Hub may send is kept as is).</param>
/// <param name="Path">The path in the repository, exactly as the Hub sent it.</param>
/// <param name="Size">The real content size (for LFS files too).</param>
/// <param name="Oid">The git object id (for an LFS file: the pointer's blob id).</param>
public sealed record HubTreeEntry(string Type, string Path, long Size, string Oid)
{
    public HubLfsInfo? Lfs { get; init; }

    public bool IsFile => Type == "file";
}

/// <param name="Oid">The SHA-256 of the content (lowercase hex).</param>
public sealed record HubLfsInfo(string Oid, long Size, int PointerSize);

/// <summary>An open download. Dispose it to release the connection.</summary>
public sealed class HubFileDownload(Stream content, long? contentLength, long offset, string? etag, string? commit, HttpResponseMessage response)
    : IAsyncDisposable
{
    public Stream Content { get; } = content;

    /// <summary>Bytes the body will carry, when the Hub said.</summary>
    public long? ContentLength { get; } = contentLength;

    /// <summary>Where the body starts in the file: the requested offset on a 206, 0 when the Hub ignored the range.</summary>
    public long Offset { get; } = offset;

    /// <summary>The normalised ETag (quotes and <c>W/</c> removed) of the resolve response (<c>X-Linked-Etag</c> first).</summary>
    public string? ETag { get; } = etag;

    /// <summary><c>X-Repo-Commit</c> of the resolve response.</summary>
    public string? Commit { get; } = commit;

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        response.Dispose();
    }
}

public enum HubError
{
    RepoNotFound,
    RevisionNotFound,
    EntryNotFound,
    GatedRepo,
    Unauthorized,
    RateLimited,
    ServerError,
    Timeout,
    BadResponse,

    /// <summary>403 with <c>Access to this resource is disabled.</c></summary>
    Disabled,

    /// <summary>No connection could be made (refused, reset, DNS), after the retries.</summary>
    Unreachable,

    /// <summary>
    /// A download body stopped arriving, or came slower than the minimum rate, after its headers
    /// (<see cref="HubClientOptions.DownloadIdleTimeout"/>, <see cref="HubClientOptions.DownloadMinBytesPerSecond"/>).
    /// Unlike the other errors it was not retried: the caller may resume from what it has.
    /// </summary>
    Stalled,
}

/// <summary>What the Hub said no to, in words fit for a job's error.</summary>
public sealed class HubException(HubError error, string message, Exception? inner = null) : Exception(message, inner)
{
    public HubError Error { get; } = error;

    /// <summary>How many times the request was retried before giving up (429 and 5xx).</summary>
    public int Retries { get; init; }
}
