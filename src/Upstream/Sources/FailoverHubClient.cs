using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace ModelHub.Upstream.Sources;

/// <summary>
/// <see cref="IHubClient"/> over every upstream, in order. Metadata comes from the first upstream of the metadata role
/// that answers: a not-found or a refusal is an answer and ends the search, no connection, a timeout, a 429, a 5xx or a
/// bad answer moves to the next. A tree listing moves on only before its first page (pages of two upstreams are not
/// joined). Bytes come from the first upstream of the bytes role that serves them; any failure moves to the next, since
/// another may hold the file. A dead upstream costs little: its circuit (<see cref="HubResilience"/>) refuses at once.
/// </summary>
internal sealed partial class FailoverHubClient(
    UpstreamSet upstreams, IHttpClientFactory http, UpstreamStates states, TimeProvider clock, ILogger<FailoverHubClient> logger) : IHubClient
{
    public Task<HubRepoInfo> GetRepoInfoAsync(HubRepo repo, string revision, CancellationToken cancellationToken) =>
        AskAsync(upstreams.Metadata, SourceChoice.Any, IsAnswer, hub => hub.GetRepoInfoAsync(repo, revision, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<HubTreeEntry>> GetPathsInfoAsync(HubRepo repo, string commit, IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        AskAsync(upstreams.Metadata, SourceChoice.Any, IsAnswer, hub => hub.GetPathsInfoAsync(repo, commit, paths, cancellationToken), cancellationToken);

    public async IAsyncEnumerable<HubTreeEntry> ListTreeAsync(
        HubRepo repo, string commit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var failures = new List<(UpstreamEndpoint Endpoint, HubException Error)>();
        foreach (var endpoint in upstreams.Metadata)
        {
            var entries = Client(endpoint).ListTreeAsync(repo, commit, cancellationToken).GetAsyncEnumerator(cancellationToken);
            bool any;
            try
            {
                any = await entries.MoveNextAsync();
                states.Of(endpoint).Answered(clock.GetUtcNow());
            }
            catch (HubException e) when (!IsAnswer(e) && !cancellationToken.IsCancellationRequested)
            {
                await entries.DisposeAsync();
                Failed(endpoint, e, failures);
                continue;
            }
            catch
            {
                await entries.DisposeAsync();
                throw;
            }

            try
            {
                if (!any)
                {
                    yield break;
                }

                yield return entries.Current;
                while (await entries.MoveNextAsync())
                {
                    yield return entries.Current;
                }

                yield break;
            }
            finally
            {
                await entries.DisposeAsync();
            }
        }

        throw NoneAnswered(failures);
    }

    public Task<HubFileDownload> DownloadAsync(
        HubRepo repo, string commit, string path, long offset, SourceChoice sources, CancellationToken cancellationToken) =>
        AskAsync(upstreams.Bytes, sources, static _ => false, hub => hub.DownloadAsync(repo, commit, path, offset, cancellationToken), cancellationToken);

    public Task<HubFileDownload> DownloadRangeAsync(
        HubRepo repo, string commit, string path, long offset, long length, SourceChoice sources, CancellationToken cancellationToken) =>
        AskAsync(upstreams.Bytes, sources, static _ => false, hub => hub.DownloadRangeAsync(repo, commit, path, offset, length, cancellationToken), cancellationToken);

    /// <summary>Whether a failure is the upstream's answer about the repository (to metadata: final), not a failure to answer.</summary>
    private static bool IsAnswer(HubException e) => e.Error is HubError.RepoNotFound or HubError.RevisionNotFound or HubError.EntryNotFound
        or HubError.GatedRepo or HubError.Unauthorized or HubError.Disabled;

    private async Task<T> AskAsync<T>(
        IReadOnlyList<UpstreamEndpoint> candidates, SourceChoice sources, Func<HubException, bool> final, Func<HubClient, Task<T>> call,
        CancellationToken cancellationToken)
    {
        var failures = new List<(UpstreamEndpoint Endpoint, HubException Error)>();
        foreach (var endpoint in sources.Order(candidates))
        {
            try
            {
                var answer = await call(Client(endpoint));
                states.Of(endpoint).Answered(clock.GetUtcNow());
                return answer;
            }
            catch (HubException e) when (final(e))
            {
                states.Of(endpoint).Answered(clock.GetUtcNow());
                throw;
            }
            catch (HubException e) when (!cancellationToken.IsCancellationRequested)
            {
                Failed(endpoint, e, failures);
            }
        }

        throw failures.Count == 0
            ? new HubException(HubError.Unreachable, $"no upstream may serve this ({sources}): every one that could served wrong bytes for it")
            : NoneAnswered(failures);
    }

    private void Failed(UpstreamEndpoint endpoint, HubException error, List<(UpstreamEndpoint, HubException)> failures)
    {
        if (!IsAnswer(error))
        {
            states.Of(endpoint).Failed(clock.GetUtcNow(), error.Message);
        }

        failures.Add((endpoint, error));
        if (upstreams.All.Count > 1)
        {
            LogFailedOver(logger, endpoint.Name, error.Message);
        }
    }

    /// <summary>
    /// The one failure as it was when only one upstream was asked; else every upstream's, under the error of the first
    /// that gave an answer (a not-found, a refusal), or else of the last asked.
    /// </summary>
    private static HubException NoneAnswered(List<(UpstreamEndpoint Endpoint, HubException Error)> failures)
    {
        if (failures.Count == 1)
        {
            return failures[0].Error;
        }

        var (_, chosen) = failures.FirstOrDefault(f => IsAnswer(f.Error)) is { Error: not null } answer ? answer : failures[^1];
        var each = string.Join("; ", failures.Select(f => $"{f.Endpoint.Name}: {f.Error.Message}"));
        return new HubException(chosen.Error, $"no upstream could serve it — {each}", chosen) { Retries = failures.Sum(f => f.Error.Retries) };
    }

    private HubClient Client(UpstreamEndpoint endpoint) => new(http.CreateClient(endpoint.HttpClientName), endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream {Upstream} could not serve it: {Reason}")]
    private static partial void LogFailedOver(ILogger logger, string upstream, string reason);
}
