using ModelHub.Upstream.Sources;

namespace ModelHub.Upstream;

/// <summary>Downloads from any upstream (<see cref="SourceChoice.Any"/>), for callers that have no reason to choose.</summary>
public static class HubClientDownloads
{
    public static Task<HubFileDownload> DownloadAsync(
        this IHubClient hub, HubRepo repo, string commit, string path, long offset, CancellationToken cancellationToken) =>
        hub.DownloadAsync(repo, commit, path, offset, SourceChoice.Any, cancellationToken);

    public static Task<HubFileDownload> DownloadRangeAsync(
        this IHubClient hub, HubRepo repo, string commit, string path, long offset, long length, CancellationToken cancellationToken) =>
        hub.DownloadRangeAsync(repo, commit, path, offset, length, SourceChoice.Any, cancellationToken);
}
