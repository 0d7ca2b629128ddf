using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelHub.Upstream.Sources;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ModelHub.Upstream;

/// <summary>
/// One upstream over HTTP (its named <see cref="HttpClient"/>; resilience is in its handler pipeline, see
/// <see cref="HubResilience"/>); <see cref="FailoverHubClient"/> chooses among them. Redirects are followed here, not by
/// the handler: the Hub puts a file's metadata on its 302 to the CDN, and the token must not follow to another origin.
/// </summary>
internal sealed class HubClient
{
    private const int MaxRedirects = 5;

    private readonly HttpClient _http;
    private readonly UpstreamEndpoint _endpoint;
    private readonly HubUrls _urls;
    private readonly HubErrors _errors;

    public HubClient(HttpClient http, UpstreamEndpoint endpoint)
    {
        _http = http;
        _endpoint = endpoint;
        _urls = new HubUrls(endpoint.Url);
        _errors = new HubErrors(endpoint.Url, endpoint.Token);
    }

    public Task<HubRepoInfo> GetRepoInfoAsync(HubRepo repo, string revision, CancellationToken cancellationToken)
    {
        var target = new HubTarget(repo, revision);
        var uri = _urls.RepoInfo(repo, revision);
        return CallAsync(target, _endpoint.MetadataTimeout, async (retries, token) =>
        {
            using var response = await SendAsync(uri, target, ByteRange.Whole, retries, token);
            var json = await ReadJsonAsync(response.Message, HubJsonContext.Default.RepoInfoJson, target, token);
            return json.ToRepoInfo(target, _errors);
        }, cancellationToken);
    }

    public async IAsyncEnumerable<HubTreeEntry> ListTreeAsync(
        HubRepo repo, string commit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var target = new HubTarget(repo, commit) { Action = "tree listing" };
        var visited = new HashSet<string>(StringComparer.Ordinal);
        for (Uri? next = _urls.Tree(repo, commit); next is not null;)
        {
            if (!visited.Add(next.AbsoluteUri))
            {
                throw _errors.BadResponse(target, "its pages link back to a page already read");
            }

            var page = await CallAsync(target, _endpoint.MetadataTimeout, ReadTreePage(next, target), cancellationToken);
            foreach (var entry in page.Entries)
            {
                yield return entry;
            }

            next = page.Next;
        }
    }

    public Task<IReadOnlyList<HubTreeEntry>> GetPathsInfoAsync(HubRepo repo, string commit, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var target = new HubTarget(repo, commit) { Action = "paths-info" };
        var uri = _urls.PathsInfo(repo, commit);
        var body = JsonSerializer.SerializeToUtf8Bytes(new PathsInfoRequestJson(paths, false), HubJsonContext.Default.PathsInfoRequestJson);
        return CallAsync(target, _endpoint.MetadataTimeout, async (retries, token) =>
        {
            using var response = await SendAsync(uri, target, ByteRange.Whole, retries, token, body);
            var json = await ReadJsonAsync(response.Message, HubJsonContext.Default.ListTreeEntryJson, target, token);
            return (IReadOnlyList<HubTreeEntry>)[.. json.Select(entry => entry.ToTreeEntry(target, _errors))];
        }, cancellationToken);
    }

    public Task<HubFileDownload> DownloadAsync(HubRepo repo, string commit, string path, long offset, CancellationToken cancellationToken) =>
        DownloadAsync(repo, commit, path, new ByteRange(offset, null), cancellationToken);

    public Task<HubFileDownload> DownloadRangeAsync(HubRepo repo, string commit, string path, long offset, long length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return DownloadAsync(repo, commit, path, new ByteRange(offset, offset + length - 1), cancellationToken);
    }

    private Task<HubFileDownload> DownloadAsync(HubRepo repo, string commit, string path, ByteRange range, CancellationToken cancellationToken)
    {
        var offset = range.From;
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var target = new HubTarget(repo, commit, path) { Action = "download" };
        var uri = _urls.Resolve(repo, commit, path);
        // No total timeout: a multi-GB body takes as long as it takes. Headers are bounded per attempt, the body per read.
        return CallAsync(target, total: null, async (retries, token) =>
        {
            var response = await SendAsync(uri, target, range, retries, token);
            try
            {
                return await OpenAsync(response, target, offset, token);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }, cancellationToken);
    }

    private Func<RetryCounter, CancellationToken, Task<TreePage>> ReadTreePage(Uri uri, HubTarget target) =>
        async (retries, token) =>
        {
            using var response = await SendAsync(uri, target, ByteRange.Whole, retries, token);
            var json = await ReadJsonAsync(response.Message, HubJsonContext.Default.ListTreeEntryJson, target, token);
            return new TreePage(json.Select(entry => entry.ToTreeEntry(target, _errors)).ToList(), LinkHeader.FindNext(response.Message));
        };

    private async Task<T> CallAsync<T>(
        HubTarget target, TimeSpan? total, Func<RetryCounter, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var retries = new RetryCounter();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (total is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        try
        {
            return await call(retries, timeout.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw _errors.Timeout(target, total ?? _endpoint.AttemptTimeout, retries.Value, ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw _errors.Timeout(target, _endpoint.AttemptTimeout, retries.Value, ex);
        }
        catch (HttpRequestException ex)
        {
            throw _errors.Unreachable(target, ex, retries.Value);
        }
        catch (BrokenCircuitException ex)
        {
            throw _errors.CircuitOpen(target, ex);
        }
        catch (JsonException ex)
        {
            throw _errors.BadResponse(target, $"invalid JSON ({ex.Message})", ex, retries.Value);
        }
    }

    /// <param name="jsonBody">A JSON body to POST (to every hop: the Hub's redirect for a renamed repository is a 307, which keeps it).</param>
    private async Task<HubResponse> SendAsync(
        Uri uri, HubTarget target, ByteRange range, RetryCounter retries, CancellationToken cancellationToken, byte[]? jsonBody = null)
    {
        HubHeaders? hubHeaders = null;
        for (var hop = 0; ; hop++)
        {
            var response = await _http.SendAsync(NewRequest(uri, range, retries, jsonBody), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!IsRedirect(response))
            {
                if (!response.IsSuccessStatusCode)
                {
                    using (response)
                    {
                        throw _errors.FromResponse(response, target, retries.Value);
                    }
                }

                return new HubResponse(response, hubHeaders ?? HubHeaders.From(response));
            }

            using (response)
            {
                hubHeaders ??= response.Headers.Contains("X-Repo-Commit") ? HubHeaders.From(response) : null;
                uri = hop < MaxRedirects ? RedirectTarget(uri, response, target) : throw _errors.BadResponse(target, $"more than {MaxRedirects} redirects");
            }
        }
    }

    private HttpRequestMessage NewRequest(Uri uri, ByteRange range, RetryCounter retries, byte[]? jsonBody)
    {
        var request = new HttpRequestMessage(jsonBody is null ? HttpMethod.Get : HttpMethod.Post, uri);
        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        }

        if ((_endpoint.IsHub ? UpstreamCredential.Lent ?? _endpoint.Token : _endpoint.Token) is { Length: > 0 } token && _urls.IsHubOrigin(uri))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (range.From > 0 || range.To is not null)
        {
            request.Headers.Range = new RangeHeaderValue(range.From, range.To);
        }

        HubResilience.CountRetries(request, retries);
        return request;
    }

    private static bool IsRedirect(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect
        && response.Headers.Location is not null;

    private Uri RedirectTarget(Uri current, HttpResponseMessage response, HubTarget target)
    {
        var next = new Uri(current, response.Headers.Location!);
        if (next.Scheme is not ("http" or "https") || (current.Scheme == "https" && next.Scheme == "http"))
        {
            throw _errors.BadResponse(target, $"a redirect from {current.Scheme} to {next.Scheme} is refused");
        }

        return next;
    }

    private async Task<HubFileDownload> OpenAsync(HubResponse response, HubTarget target, long offset, CancellationToken cancellationToken)
    {
        var message = response.Message;
        // A 200 to a ranged request means the server ignored the range: the body starts at 0.
        var start = message.StatusCode == HttpStatusCode.PartialContent ? message.Content.Headers.ContentRange?.From ?? offset : 0;
        var body = new StallGuardStream(
            await message.Content.ReadAsStreamAsync(cancellationToken),
            new StallLimits(_endpoint.DownloadIdleTimeout, _endpoint.DownloadMinBytesPerSecond),
            _errors,
            target);
        return new HubFileDownload(body, message.Content.Headers.ContentLength, start, response.Headers.ETag, response.Headers.Commit, message)
        {
            Source = _endpoint.Name,
            IsPartial = message.StatusCode == HttpStatusCode.PartialContent,
        };
    }

    private async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, HubTarget target, CancellationToken cancellationToken)
    {
        var cap = _endpoint.MaxMetadataBytes;
        if (response.Content.Headers.ContentLength > cap)
        {
            throw _errors.BadResponse(target, $"it announces {response.Content.Headers.ContentLength} bytes, more than the {cap} a metadata answer may have");
        }

        await using var body = new CappedStream(
            await response.Content.ReadAsStreamAsync(cancellationToken), cap,
            () => _errors.BadResponse(target, $"it sent more than the {cap} bytes a metadata answer may have"));
        return await JsonSerializer.DeserializeAsync(body, type, cancellationToken)
            ?? throw _errors.BadResponse(target, "the body is JSON null");
    }

    private sealed record TreePage(IReadOnlyList<HubTreeEntry> Entries, Uri? Next);

    /// <summary>The final response, and the Hub's file headers wherever in the redirect chain they were.</summary>
    private sealed record HubResponse(HttpResponseMessage Message, HubHeaders Headers) : IDisposable
    {
        public void Dispose() => Message.Dispose();
    }

    private sealed record HubHeaders(string? Commit, string? ETag)
    {
        public static HubHeaders From(HttpResponseMessage response) =>
            new(First(response, "X-Repo-Commit"), Normalise(First(response, "X-Linked-Etag") ?? First(response, "ETag")));

        private static string? First(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

        private static string? Normalise(string? etag) =>
            etag is null ? null : (etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag).Trim('"');
    }
}
