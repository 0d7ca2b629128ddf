using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ModelHub.Storage;

namespace ModelHub.IntegrationTests.HubCompatibility.ClientFlows;

/// <summary>
/// The HTTP requests <c>huggingface_hub</c> makes, replayed one by one as huggingface-hub-api.md §1.4 and §3.1–3.3
/// describe them (no Python here, and no internet to install it): the same methods, URLs, headers, timeouts and
/// decisions, with every request written to <see cref="Requests"/>. Each file lands under the name the client gives
/// its cache blob (the ETag) and is checked as the client checks it (its size), then as ModelHub promises (its hash).
/// </summary>
internal sealed class PythonHubReplay : IDisposable
{
    /// <summary><c>HF_HUB_ETAG_TIMEOUT</c> and <c>HF_HUB_DOWNLOAD_TIMEOUT</c>: 10 s each.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _head;
    private readonly HttpClient _get;
    private readonly RequestRecorder _recorder = new();

    public PythonHubReplay(Uri endpoint, string? token)
    {
        // HEAD: redirects not followed (only relative ones, by hand); GET: followed.
        _head = Client(endpoint, token, followRedirects: false);
        _get = Client(endpoint, token, followRedirects: true);
    }

    /// <summary>Every request made, as <c>METHOD path-and-query</c> (a GET's redirects are followed inside it).</summary>
    public IReadOnlyList<string> Requests => _recorder.Requests;

    /// <summary>Files resumed with <c>Range: bytes=N-</c> after a broken connection, and where.</summary>
    public List<(string Path, long From)> Resumed { get; } = [];

    /// <summary>§3.2: info (the commit), the tree (paginated), then each file at the commit, 8 at a time.</summary>
    public async Task<Dictionary<string, byte[]>> SnapshotDownloadAsync(string repoId, string revision, Func<string, long?>? breakAfter = null)
    {
        var commit = (await GetJsonAsync($"/api/models/{repoId}/revision/{Uri.EscapeDataString(revision)}"))["sha"]!.GetValue<string>();
        var files = new List<JsonNode>();
        for (string? next = $"/api/models/{repoId}/tree/{commit}?recursive=true&expand=false"; next is not null;)
        {
            using var page = await SendAsync(_get, HttpMethod.Get, next);
            files.AddRange((await page.ReadJsonAsync()).AsArray().Where(e => e!["type"]!.GetValue<string>() == "file").Select(e => e!));
            next = LinkHeaders.Next(page);
        }

        // ≥ 1.22 skips the HEAD when hf_xet is installed and the entry has a xetHash: a mirror must never send one.
        files.ShouldAllBe(f => f["xetHash"] == null, "a Xet hash in the tree would send the client around the mirror");
        return await DownloadAllAsync(repoId, commit, files.Select(f => f["path"]!.GetValue<string>()), breakAfter);
    }

    /// <summary>§3.3: releases before 1.22 take the file list from the info's <c>siblings</c>.</summary>
    public async Task<Dictionary<string, byte[]>> OlderSnapshotDownloadAsync(string repoId, string revision)
    {
        var info = await GetJsonAsync($"/api/models/{repoId}/revision/{Uri.EscapeDataString(revision)}");
        var commit = info["sha"]!.GetValue<string>();
        var siblings = info["siblings"]!.AsArray().Select(s => s!["rfilename"]!.GetValue<string>());
        return await DownloadAllAsync(repoId, commit, siblings, null);
    }

    /// <summary>
    /// §3.1 and §1.4: a HEAD (10 s, <c>Accept-Encoding: identity</c>) for the commit, ETag and size; then a GET of the
    /// location, checked for its size; a connection broken after <paramref name="breakAfter"/> bytes is resumed with
    /// <c>Range: bytes=N-</c>. Returns the bytes and the ETag (the cache blob's name).
    /// </summary>
    public async Task<(byte[] Bytes, string ETag, string Commit)> HfHubDownloadAsync(string repoId, string revision, string path, long? breakAfter = null)
    {
        var url = $"/{repoId}/resolve/{Uri.EscapeDataString(revision)}/{EscapeFilePath(path)}";
        var (commit, etag, size, location) = await HeadAsync(url);
        ShouldBeUnder50Gb(size);

        var bytes = await GetAsync(location, breakAfter);
        bytes.LongLength.ShouldBe(size, $"{path}: the client checks the byte count against the HEAD's size");
        Hash(bytes, etag.Length).ShouldBe(etag, $"{path}: the bytes hash to the ETag the cache names them by");
        return (bytes, etag, commit);
    }

    public void Dispose()
    {
        _head.Dispose();
        _get.Dispose();
    }

    private async Task<Dictionary<string, byte[]>> DownloadAllAsync(string repoId, string commit, IEnumerable<string> paths, Func<string, long?>? breakAfter)
    {
        var downloaded = new System.Collections.Concurrent.ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (path, _) =>
        {
            var (bytes, _, fileCommit) = await HfHubDownloadAsync(repoId, commit, path, breakAfter?.Invoke(path));
            fileCommit.ShouldBe(commit, path);
            downloaded[path] = bytes;
        });
        return new Dictionary<string, byte[]>(downloaded, StringComparer.Ordinal);
    }

    private async Task<(string Commit, string ETag, long Size, string Location)> HeadAsync(string url)
    {
        for (var hops = 0; ; hops++)
        {
            using var response = await SendAsync(_head, HttpMethod.Head, url, identity: true);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { IsAbsoluteUri: false } relative && hops < 10)
            {
                // Relative redirects are followed with the target's path only (#4637).
                url = relative.OriginalString.Split('?')[0];
                continue;
            }

            response.IsSuccessStatusCode.ShouldBeTrue($"HEAD {url}: {(int)response.StatusCode}");
            // §3.1 step 2: the Xet check, which would take the download away from the mirror.
            (response.Headers.Contains("X-Xet-Hash") && (response.Headers.Contains("X-Xet-Refresh-Route") || response.Headers.Contains("Link")))
                .ShouldBeFalse($"HEAD {url} announces Xet data");
            var commit = One(response, "X-Repo-Commit") ?? throw new ShouldAssertException($"HEAD {url}: no X-Repo-Commit (FileMetadataError)");
            var etag = Normalise(One(response, "X-Linked-Etag") ?? One(response, "ETag")) ?? throw new ShouldAssertException($"HEAD {url}: no ETag");
            var size = (One(response, "X-Linked-Size") is { } linked ? long.Parse(linked, System.Globalization.CultureInfo.InvariantCulture) : (long?)null)
                ?? response.Content.Headers.ContentLength ?? throw new ShouldAssertException($"HEAD {url}: no size");
            var location = response.Headers.Location?.ToString() ?? url;
            return (commit, etag, size, location);
        }
    }

    private async Task<byte[]> GetAsync(string location, long? breakAfter)
    {
        var received = new MemoryStream();
        using (var response = await SendAsync(_get, HttpMethod.Get, location))
        {
            response.IsSuccessStatusCode.ShouldBeTrue($"GET {location}: {(int)response.StatusCode}");
            await using var body = await response.Content.ReadAsStreamAsync();
            if (breakAfter is not { } cut)
            {
                await body.CopyToAsync(received);
                return received.ToArray();
            }

            // A network error mid-stream: what arrived is kept, the connection dropped (the response disposed unread).
            var part = new byte[cut];
            await body.ReadExactlyAsync(part);
            received.Write(part);
        }

        using var resumed = await SendAsync(_get, HttpMethod.Get, location, from: received.Length);
        Resumed.Add((location, received.Length));
        resumed.StatusCode.ShouldBe(HttpStatusCode.PartialContent, $"GET {location} from {received.Length}");
        await (await resumed.Content.ReadAsStreamAsync()).CopyToAsync(received);
        return received.ToArray();
    }

    private async Task<JsonNode> GetJsonAsync(string url)
    {
        using var response = await SendAsync(_get, HttpMethod.Get, url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return await response.ReadJsonAsync();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, bool identity = false, long? from = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (identity)
        {
            request.Headers.AcceptEncoding.ParseAdd("identity");
        }

        if (from is { } offset)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
        }

        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private HttpClient Client(Uri endpoint, string? token, bool followRedirects)
    {
        var client = new HttpClient(new RecordingHandler(_recorder, new SocketsHttpHandler { AllowAutoRedirect = followRedirects }))
        {
            BaseAddress = endpoint,
            Timeout = Timeout,
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private static void ShouldBeUnder50Gb(long size) =>
        size.ShouldBeLessThanOrEqualTo(50_000_000_000L, "the Python client refuses plain HTTP above 50 GB");

    private static string Hash(byte[] bytes, int length) =>
        length == 64 ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : GitBlobHash.Of(bytes);

    private static string? One(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single()
        : response.Content.Headers.TryGetValues(name, out var content) ? content.Single() : null;

    private static string? Normalise(string? etag) =>
        etag is null ? null : (etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag).Trim('"');

    // hf_hub_url: the file path keeps its '/' and escapes the rest.
    public static string EscapeFilePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
