using System.Net.Http.Headers;
using System.Text;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary><c>HEAD</c>/<c>GET /{id}/resolve/{rev}/{path}</c> and <c>/raw/</c> for stored files (huggingface-hub-api.md §1.4, §1.6, §9 rows 4–5).</summary>
[Collection(ServeCollection.Name)]
public sealed class ResolveTests(ServeFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_stored_file_is_asked_for_Should_send_it_whole_with_every_header_the_clients_read()
    {
        var main = await fixture.SyncAsync(_client);
        var config = main.File("config.json");
        var request = ServeFixture.Request(HttpMethod.Get, $"/{ShippedRepos.Wan}/resolve/main/config.json");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        var response = await _client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(config.ReadAllBytes());
        ShouldDescribe(response, main.Sha, config.GitOid, config.Size);
        response.Content.Headers.ContentLength.ShouldBe(config.Size);
        response.Content.Headers.ContentEncoding.ShouldBeEmpty();
    }

    [Fact]
    public async Task When_a_blob_is_gone_after_a_warm_request_Should_fetch_it_again_not_send_it_from_memory()
    {
        var main = await fixture.SyncAsync(_client);
        var config = main.File("config.json");
        var url = $"/{ShippedRepos.Wan}/resolve/main/config.json";
        (await _client.SendAsync(ServeFixture.Request(HttpMethod.Get, url))).StatusCode.ShouldBe(HttpStatusCode.OK);
        File.Delete(Path.Combine(fixture.StoreRoot, "blobs", "sha256", config.Sha256));
        fixture.Simulator.Catalog.Requests.Clear();

        // Within HubApi:ResolvedFileCache of the first request: the file row is remembered, the blob is not.
        var again = await _client.SendAsync(ServeFixture.Request(HttpMethod.Get, url));

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadAsByteArrayAsync()).ShouldBe(config.ReadAllBytes());
        fixture.Simulator.Catalog.Requests.CountFor(ShippedRepos.Wan, "resolve").ShouldBe(1, "pulled through from the upstream");
    }

    [Fact]
    public async Task When_a_stored_file_is_larger_than_one_read_Should_send_it_whole_and_by_ranges_across_reads()
    {
        // The send reads 256 KiB at a time into the response: whole, and ranges that start, end or span a read's edge.
        var main = await fixture.SyncAsync(_client);
        var large = main.Files.Where(f => f.Size >= SyncFixture.SmallFileLimit).MaxBy(f => f.Size)!;
        var bytes = large.ReadAllBytes();
        var url = $"/{ShippedRepos.Wan}/resolve/main/{large.Path}";
        (await _client.GetByteArrayAsync(url)).ShouldBe(bytes, "pulled through cold");
        File.Exists(Path.Combine(fixture.StoreRoot, "blobs", "sha256", large.Sha256)).ShouldBeTrue();
        fixture.Simulator.Catalog.Requests.Clear();

        (await _client.GetByteArrayAsync(url)).ShouldBe(bytes, "sent from the store");
        const int read = 256 * 1024;
        foreach (var (from, to) in new[] { (read - 3, read + 2), (read, 3 * read - 1), (1, bytes.Length - 2), (bytes.Length - read - 1, bytes.Length - 1) })
        {
            var response = await _client.SendAsync(ServeFixture.Request(HttpMethod.Get, url, $"bytes={from}-{to}"));
            response.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
            (await response.Content.ReadAsByteArrayAsync()).ShouldBe(bytes[from..(to + 1)], $"bytes={from}-{to}");
        }

        fixture.Simulator.Catalog.Requests.CountFor(ShippedRepos.Wan, "resolve").ShouldBe(0, "every warm request is answered from the store");
    }

    [Fact]
    public async Task When_an_LFS_file_is_asked_for_with_HEAD_Should_answer_the_sha256_etag_and_the_length_without_a_body()
    {
        var main = await fixture.SyncAsync(_client);
        var tokenizer = main.File("google/umt5-xxl/tokenizer.json");

        var response = await _client.SendAsync(ServeFixture.Request(HttpMethod.Head, $"/{ShippedRepos.Wan}/resolve/main/{tokenizer.Path}"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldDescribe(response, main.Sha, tokenizer.Sha256, tokenizer.Size);
        response.Content.Headers.ContentLength.ShouldBe(tokenizer.Size);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task When_ranges_are_asked_for_Should_answer_206_with_content_range_and_416_past_the_end()
    {
        var main = await fixture.SyncAsync(_client);
        var readme = main.File("README.md");
        var bytes = readme.ReadAllBytes();
        var url = $"/{ShippedRepos.Wan}/resolve/main/README.md";

        var first = await _client.SendAsync(ServeFixture.Request(HttpMethod.Get, url, "bytes=0-0"));
        first.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        first.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes 0-0/{bytes.Length}");
        (await first.Content.ReadAsByteArrayAsync()).ShouldBe(bytes[..1]);

        var last = await _client.SendAsync(ServeFixture.Request(HttpMethod.Get, url, $"bytes={bytes.Length - 1}-"));
        last.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        last.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes {bytes.Length - 1}-{bytes.Length - 1}/{bytes.Length}");
        (await last.Content.ReadAsByteArrayAsync()).ShouldBe(bytes[^1..]);

        var middle = await _client.SendAsync(ServeFixture.Request(HttpMethod.Get, url, "bytes=10-19"));
        (await middle.Content.ReadAsByteArrayAsync()).ShouldBe(bytes[10..20]);

        var beyond = await _client.SendAsync(ServeFixture.Request(HttpMethod.Get, url, $"bytes={bytes.Length}-"));
        beyond.StatusCode.ShouldBe(HttpStatusCode.RequestedRangeNotSatisfiable);
        beyond.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes */{bytes.Length}");

        var headRange = await _client.SendAsync(ServeFixture.Request(HttpMethod.Head, url, "bytes=0-0"));
        headRange.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        headRange.Content.Headers.ContentLength.ShouldBe(1);
    }

    [Fact]
    public async Task When_an_empty_file_is_probed_with_a_range_Should_answer_200_and_its_size()
    {
        var main = await fixture.SyncAsync(_client);
        var url = $"/{ShippedRepos.Wan}/resolve/main/examples/.gitkeep";

        var probe = await _client.SendAsync(ServeFixture.Request(HttpMethod.Get, url, "bytes=0-0"));
        var head = await _client.SendAsync(ServeFixture.Request(HttpMethod.Head, url));

        probe.StatusCode.ShouldBe(HttpStatusCode.OK);
        probe.Content.Headers.ContentRange!.ToString().ShouldBe("bytes */0");
        (await probe.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.ShouldBe(0);
        ShouldDescribe(head, main.Sha, main.File("examples/.gitkeep").GitOid, 0);
    }

    [Theory]
    [InlineData("refs%2Fpr%2F1")]
    [InlineData("refs/pr/1")]
    public async Task When_a_special_ref_is_given_raw_or_encoded_Should_serve_that_commit(string revision)
    {
        await fixture.SyncAsync(_client);
        var pr = fixture.Simulator.Catalog[ShippedRepos.Wan].Resolve("refs/pr/1")!;

        var response = await _client.GetAsync($"/{ShippedRepos.Wan}/resolve/{revision}/config.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Header("X-Repo-Commit").ShouldBe(pr.Sha);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(pr.File("config.json").ReadAllBytes());
    }

    [Fact]
    public async Task When_the_path_is_percent_encoded_and_the_revision_is_a_commit_Should_decode_both()
    {
        var main = await fixture.SyncAsync(_client);
        var file = main.File("google/umt5-xxl/special_tokens_map.json");

        var response = await _client.GetAsync($"/{ShippedRepos.Wan}/resolve/{main.Sha}/google/umt5-xxl/special%5Ftokens%5Fmap.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(file.ReadAllBytes());
    }

    [Fact]
    public async Task When_raw_is_asked_for_Should_serve_the_pointer_of_an_LFS_file_and_the_file_itself_otherwise()
    {
        var main = await fixture.SyncAsync(_client);
        var tokenizer = main.File("google/umt5-xxl/tokenizer.json");

        var pointer = await _client.GetAsync($"/{ShippedRepos.Wan}/raw/main/{tokenizer.Path}");
        var config = await _client.SendAsync(ServeFixture.Request(HttpMethod.Head, $"/{ShippedRepos.Wan}/raw/main/config.json"));

        (await pointer.Content.ReadAsStringAsync()).ShouldBe(tokenizer.LfsPointer);
        ShouldDescribe(pointer, main.Sha, tokenizer.GitOid, Encoding.UTF8.GetByteCount(tokenizer.LfsPointer!));
        config.StatusCode.ShouldBe(HttpStatusCode.OK);
        config.Header("ETag").ShouldBe($"\"{main.File("config.json").GitOid}\"");
    }

    [Fact]
    public async Task When_the_file_is_missing_Should_answer_EntryNotFound_with_the_commit_on_GET_and_HEAD()
    {
        var main = await fixture.SyncAsync(_client);

        var get = await _client.GetAsync($"/{ShippedRepos.Wan}/resolve/main/no/such/file.bin");
        var head = await _client.SendAsync(ServeFixture.Request(HttpMethod.Head, $"/{ShippedRepos.Wan}/resolve/main/no-such-file.bin"));

        await get.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "EntryNotFound");
        await head.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "EntryNotFound");
        get.Header("X-Repo-Commit").ShouldBe(main.Sha);
        head.Header("X-Repo-Commit").ShouldBe(main.Sha);
        head.Content.Headers.ContentType.ShouldBeNull("the Hub's HEAD error has no body, and no status-code page gives it one");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task When_the_repository_or_the_revision_is_unknown_Should_say_which_in_X_Error_Code(string method)
    {
        await fixture.SyncAsync(_client);

        var repo = await _client.SendAsync(ServeFixture.Request(new HttpMethod(method), "/nobody/nothing/resolve/main/config.json"));
        var revision = await _client.SendAsync(ServeFixture.Request(new HttpMethod(method), $"/{ShippedRepos.Wan}/resolve/no-such-branch/config.json"));

        await repo.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RepoNotFound");
        await revision.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RevisionNotFound");
    }

    private static void ShouldDescribe(HttpResponseMessage response, string commit, string etag, long size)
    {
        response.Header("X-Repo-Commit").ShouldBe(commit);
        response.Header("ETag").ShouldBe($"\"{etag}\"");
        response.Header("X-Linked-Etag").ShouldBe($"\"{etag}\"");
        response.Header("X-Linked-Size").ShouldBe(size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Header("Accept-Ranges").ShouldBe("bytes");
        response.Content.Headers.ContentType!.MediaType.ShouldNotBe("application/vnd.xet-fileinfo+json");
        response.Headers.Select(h => h.Key).Concat(response.Content.Headers.Select(h => h.Key))
            .ShouldNotContain(name => name.StartsWith("X-Xet", StringComparison.OrdinalIgnoreCase) || name == "Link");
    }
}
