using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Tests.Files;

public sealed class ResolveTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    private const string Wan = ShippedRepos.Wan;

    private SimCommit Main => sim.Catalog[Wan].Main;

    [Fact]
    public async Task When_a_regular_file_is_asked_for_with_HEAD_Should_answer_200_with_commit_quoted_git_etag_and_length()
    {
        var response = await sim.HeadAsync($"{Wan}/resolve/main/config.json");
        var file = Main.File("config.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.One("X-Repo-Commit").ShouldBe(Main.Sha);
        response.One("ETag").ShouldBe($"\"{file.GitOid}\"");
        response.Content.Headers.ContentLength.ShouldBe(file.Size);
        response.One("Accept-Ranges").ShouldBe("bytes");
        response.One("Content-Type")!.ShouldNotContain("xet");
        response.Headers.Contains("X-Xet-Hash").ShouldBeFalse();
    }

    [Fact]
    public async Task When_an_lfs_file_is_asked_for_Should_answer_302_to_the_cdn_with_the_metadata_on_the_redirect()
    {
        var response = await sim.HeadAsync($"{Wan}/resolve/main/diffusion_pytorch_model.safetensors");
        var file = Main.File("diffusion_pytorch_model.safetensors");

        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        response.One("X-Repo-Commit").ShouldBe(Main.Sha);
        response.One("X-Linked-Etag").ShouldBe($"\"{file.Sha256}\"");
        response.One("ETag").ShouldBe($"\"{file.Sha256}\"");
        response.One("X-Linked-Size").ShouldBe(file.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var location = response.Headers.Location!;
        location.IsAbsoluteUri.ShouldBeTrue();
        location.AbsolutePath.ShouldBe($"/cdn/repos/{Wan}/{file.Sha256}");
        location.Query.ShouldContain("Signature=");
        response.One("X-Xet-Hash").ShouldBe(file.XetHash, "huggingface.co announces its Xet-stored files on the 302");
        response.One("X-Xet-Refresh-Route").ShouldBe($"/api/models/{Wan}/xet-read-token/{Main.Sha}");
        response.One("Link")!.ShouldContain("rel=\"xet-auth\"");
        response.One("Link")!.ShouldContain("rel=\"xet-reconstruction-info\"");
    }

    [Fact]
    public async Task When_the_cdn_is_asked_for_ranges_Should_serve_them_with_its_own_etag_and_no_hub_headers()
    {
        var redirect = await sim.HeadAsync($"{Wan}/resolve/main/Wan2.1_VAE.pth");
        var file = Main.File("Wan2.1_VAE.pth");

        var probe = await sim.GetAsync(redirect.Headers.Location!.ToString(), range: "bytes=0-0");
        probe.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        probe.One("Content-Range").ShouldBe($"bytes 0-0/{file.Size}");
        probe.Content.Headers.ContentLength.ShouldBe(1);
        probe.One("Accept-Ranges").ShouldBe("bytes");
        probe.One("ETag").ShouldNotBe($"\"{file.Sha256}\"");
        probe.One("X-Repo-Commit").ShouldBeNull();
        (await probe.Content.ReadAsByteArrayAsync()).ShouldBe(file.ReadAllBytes()[..1]);

        var tail = await sim.GetAsync(redirect.Headers.Location!.ToString(), range: "bytes=1000-");
        tail.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        tail.One("Content-Range").ShouldBe($"bytes 1000-{file.Size - 1}/{file.Size}");
        (await tail.Content.ReadAsByteArrayAsync()).ShouldBe(file.ReadAllBytes()[1000..]);
    }

    [Fact]
    public async Task When_an_lfs_file_is_redirected_Should_send_it_to_the_bridge_another_host_on_its_own_port()
    {
        var hub = sim.Host.BaseAddress;

        var location = (await sim.HeadAsync($"{Wan}/resolve/main/Wan2.1_VAE.pth")).Headers.Location!;

        location.Host.ShouldBe(sim.Host.Options.BridgeHost);
        location.Host.ShouldNotBe(hub.Host);
        location.Port.ShouldNotBe(hub.Port);
        (await sim.GetAsync(location.ToString(), range: "bytes=0-0")).StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        (await sim.GetAsync(location.PathAndQuery, range: "bytes=0-0")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "the Hub's port serves no bridge link");
        (await sim.GetAsync(new Uri(location, $"/api/models/{Wan}").ToString())).StatusCode.ShouldBe(HttpStatusCode.NotFound, "the bridge serves none of the Hub's routes");
    }

    [Fact]
    public async Task When_a_bridge_link_has_outlived_its_lifetime_Should_refuse_it_with_403()
    {
        await using var expiring = await SimulatorHost.StartAsync(new SimulatorOptions { SignedUrlLifetime = TimeSpan.Zero });
        using var http = expiring.CreateClient();
        var redirect = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Wan}/resolve/main/Wan2.1_VAE.pth"));

        using var response = await http.GetAsync(redirect.Headers.Location);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldContain("expired");
    }

    [Fact]
    public async Task When_a_cdn_link_is_tampered_with_Should_refuse_it()
    {
        var redirect = await sim.HeadAsync($"{Wan}/resolve/main/Wan2.1_VAE.pth");
        var tampered = redirect.Headers.Location!.ToString().Replace("Signature=", "Signature=0", StringComparison.Ordinal);

        (await sim.GetAsync(tampered)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("bytes=0-0", 0, 0)]
    [InlineData("bytes=10-19", 10, 19)]
    [InlineData("bytes=100-", 100, -1)]
    public async Task When_a_range_of_a_regular_file_is_asked_for_Should_answer_206_with_content_range(string range, int start, int end)
    {
        var file = Main.File("config.json");
        var last = end < 0 ? file.Size - 1 : end;

        var response = await sim.GetAsync($"{Wan}/resolve/main/config.json", range);

        response.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        response.One("Content-Range").ShouldBe($"bytes {start}-{last}/{file.Size}");
        response.One("X-Repo-Commit").ShouldBe(Main.Sha);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(file.ReadAllBytes()[start..(int)(last + 1)]);
    }

    [Fact]
    public async Task When_a_range_is_unsatisfiable_Should_answer_416()
    {
        var response = await sim.GetAsync($"{Wan}/resolve/main/config.json", "bytes=999999-");

        response.StatusCode.ShouldBe(HttpStatusCode.RequestedRangeNotSatisfiable);
        response.One("Content-Range").ShouldBe($"bytes */{Main.File("config.json").Size}");
    }

    [Fact]
    public async Task When_bytes_0_0_of_a_zero_byte_file_are_asked_for_Should_answer_200_with_an_empty_content_range()
    {
        var response = await sim.GetAsync($"{Wan}/resolve/main/examples/.gitkeep", "bytes=0-0");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.One("Content-Range").ShouldBe("bytes */0");
        response.Content.Headers.ContentLength.ShouldBe(0);
        response.One("ETag").ShouldBe("\"e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\"");
    }

    [Theory]
    [InlineData("refs%2Fpr%2F1")]
    [InlineData("refs/pr/1")]
    public async Task When_a_pull_request_ref_is_given_encoded_or_raw_Should_resolve_it(string revision)
    {
        var pr = sim.Catalog[Wan].Refs["refs/pr/1"];

        var response = await sim.GetAsync($"{Wan}/resolve/{revision}/config.json");

        response.One("X-Repo-Commit").ShouldBe(pr.Sha);
        (await response.Content.ReadAsStringAsync()).ShouldContain("bfloat16");
    }

    [Fact]
    public async Task When_a_path_has_special_characters_Should_percent_decode_it()
    {
        sim.Catalog.AddRepo("sim/odd-names", b => b.Text("dir with space/ü+é.txt", "odd\n"));

        var response = await sim.GetAsync("sim/odd-names/resolve/main/dir%20with%20space/%C3%BC%2B%C3%A9.txt");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("odd\n");
    }

    [Fact]
    public async Task When_raw_is_asked_for_an_lfs_file_Should_serve_the_pointer_text_with_its_git_oid()
    {
        var file = Main.File("Wan2.1_VAE.pth");

        var response = await sim.GetAsync($"{Wan}/raw/main/Wan2.1_VAE.pth");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe(file.LfsPointer);
        response.One("ETag").ShouldBe($"\"{file.GitOid}\"");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task When_the_file_is_missing_Should_answer_EntryNotFound_with_the_commit(string method)
    {
        var response = await sim.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{Wan}/resolve/main/nope.bin"));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.One("X-Error-Code").ShouldBe("EntryNotFound");
        response.One("X-Error-Message").ShouldNotBeNullOrEmpty();
        response.One("X-Repo-Commit").ShouldBe(Main.Sha);
        (await response.Content.ReadAsStringAsync()).ShouldBe(method == "GET" ? "{\"error\":\"Entry not found: nope.bin\"}" : "");
    }

    [Fact]
    public async Task When_a_missing_file_has_a_non_ascii_name_Should_still_answer_EntryNotFound()
    {
        var response = await sim.GetAsync($"{Wan}/resolve/main/%C3%BC%E2%82%AC.bin");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.One("X-Error-Code").ShouldBe("EntryNotFound");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("error").GetString().ShouldBe("Entry not found: \u00FC\u20AC.bin");
    }

    [Fact]
    public async Task When_the_revision_or_the_repository_is_unknown_Should_answer_its_error_code()
    {
        var revision = await sim.HeadAsync($"{Wan}/resolve/nope/config.json");
        var repo = await sim.HeadAsync("nobody/nothing/resolve/main/config.json");

        revision.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        revision.One("X-Error-Code").ShouldBe("RevisionNotFound");
        repo.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        repo.One("X-Error-Code").ShouldBe("RepoNotFound");
    }
}
