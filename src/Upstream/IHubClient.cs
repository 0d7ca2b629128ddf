using ModelHub.Upstream.Sources;

namespace ModelHub.Upstream;

/// <summary>
/// The Hugging Face Hub's HTTP API as ModelHub uses it (the endpoints the official download
/// clients call), over every configured upstream (<see cref="UpstreamSet"/>): metadata from the first of the metadata
/// role that answers, bytes from the first of the bytes role that serves them (<see cref="HubFileDownload.Source"/> says
/// which). Every failure is a <see cref="HubException"/> whose <see cref="HubException.Error"/> says which.
/// </summary>
public interface IHubClient
{
    /// <summary><c>GET /api/models/{id}/revision/{revision}</c> (<c>/api/datasets/…</c> for a dataset): the commit a revision points at, and the files.</summary>
    Task<HubRepoInfo> GetRepoInfoAsync(HubRepo repo, string revision, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /api/models/{id}/tree/{commit}?recursive=true</c> (<c>/api/datasets/…</c> for a dataset), every page (following <c>Link: rel="next"</c>):
    /// files and directories, as the Hub sends them (paths are NOT validated here).
    /// </summary>
    IAsyncEnumerable<HubTreeEntry> ListTreeAsync(HubRepo repo, string commit, CancellationToken cancellationToken);

    /// <summary>
    /// <c>POST /api/models/{id}/paths-info/{commit}</c> (<c>/api/datasets/…</c> for a dataset): the entries of the
    /// <paramref name="paths"/> that exist at the commit, as the tree lists them (paths are NOT validated here), without
    /// listing the whole tree.
    /// </summary>
    Task<IReadOnlyList<HubTreeEntry>> GetPathsInfoAsync(HubRepo repo, string commit, IReadOnlyList<string> paths, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /{id}/resolve/{commit}/{path}</c> (<c>/datasets/{id}/resolve/…</c> for a dataset), following the Hub's redirect to its CDN, from
    /// byte <paramref name="offset"/> on (a <c>Range</c> request when it is above 0), from the first upstream
    /// <paramref name="sources"/> allows that serves it. The caller reads and disposes the body.
    /// </summary>
    Task<HubFileDownload> DownloadAsync(HubRepo repo, string commit, string path, long offset, SourceChoice sources, CancellationToken cancellationToken);

    /// <summary>
    /// The same, for <paramref name="length"/> bytes from <paramref name="offset"/> (<c>Range: bytes=a-b</c>), so
    /// several connections can fetch parts of one large file at once. A server that ignores ranges
    /// answers the whole file from 0: check <see cref="HubFileDownload.Offset"/>.
    /// </summary>
    Task<HubFileDownload> DownloadRangeAsync(
        HubRepo repo, string commit, string path, long offset, long length, SourceChoice sources, CancellationToken cancellationToken);
}
