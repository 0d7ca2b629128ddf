using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Upstream.Sources;
using ModelHub.Upstream.Tests.Support;
using Polly.CircuitBreaker;

namespace ModelHub.Upstream.Tests;

public class FailoverTests
{
    private const string Sha = "39d5e5a1c0a2bb0ab5f5e0f4fd46d3b6a7e5d583";
    private static readonly HubRepo Repo = HubRepo.Model("org/name");
    private static readonly byte[] Content = Respond.Bytes(1000);

    [Fact]
    public async Task When_the_first_upstream_fails_with_a_server_error_Should_take_metadata_from_the_next_at_once()
    {
        await using var primary = await StubHub.StartAsync(context => Respond.Error(context, 503));
        await using var mirror = await StubHub.StartAsync(context => Respond.Json(context, Respond.RepoInfo("org/name", Sha)));
        await using var host = await TwoUpstreamsAsync(primary, mirror);

        var info = await host.Client.GetRepoInfoAsync(Repo, "main", CancellationToken.None);

        info.Sha.ShouldBe(Sha);
        // Not the last upstream: no retries before moving on.
        (primary.Requests.Count, mirror.Requests.Count).ShouldBe((1, 1));
        var statuses = host.Services.GetRequiredService<UpstreamStates>().Statuses();
        statuses.Select(s => (s.Name, s.Reachability)).ShouldBe([("primary", UpstreamReachability.Failing), ("mirror", UpstreamReachability.Answering)]);
        statuses[0].LastError.ShouldNotBeNull().ShouldContain("503");
    }

    [Fact]
    public async Task When_the_first_upstream_answers_not_found_Should_take_that_answer_and_not_ask_the_next()
    {
        await using var primary = await StubHub.StartAsync(context => Respond.Error(context, 404, "RepoNotFound"));
        await using var mirror = await StubHub.StartAsync(context => Respond.Json(context, Respond.RepoInfo("org/name", Sha)));
        await using var host = await TwoUpstreamsAsync(primary, mirror);

        var error = await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(Repo, "main", CancellationToken.None));

        error.Error.ShouldBe(HubError.RepoNotFound);
        mirror.Requests.Count.ShouldBe(0);
    }

    [Fact]
    public async Task When_the_first_upstream_rate_limits_with_retry_after_Should_list_the_tree_from_the_next_without_waiting()
    {
        await using var primary = await StubHub.StartAsync(context =>
        {
            context.Response.Headers.RetryAfter = "120";
            return Respond.Error(context, 429);
        });
        await using var mirror = await StubHub.StartAsync(context => Respond.Json(context, """[{"type":"file","oid":"a","size":3,"path":"config.json"}]"""));
        await using var host = await TwoUpstreamsAsync(primary, mirror);

        var entries = new List<HubTreeEntry>();
        await foreach (var entry in host.Client.ListTreeAsync(Repo, Sha, CancellationToken.None))
        {
            entries.Add(entry);
        }

        entries.Single().Path.ShouldBe("config.json");
        primary.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task When_every_upstream_fails_Should_say_what_each_one_did()
    {
        await using var primary = await StubHub.StartAsync(context => Respond.Error(context, 502));
        await using var mirror = await StubHub.StartAsync(context => Respond.Error(context, 429));
        await using var host = await TwoUpstreamsAsync(primary, mirror, ("Upstream:Endpoints:1:MaxRetries", "1"), ("Upstream:MaxRetryDelay", "00:00:00.010"));

        var error = await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(Repo, "main", CancellationToken.None));

        error.Error.ShouldBe(HubError.RateLimited);
        error.Message.ShouldContain("primary: upstream server error 502");
        error.Message.ShouldContain("mirror: rate limited by the upstream, retried 1 times");
        (primary.Requests.Count, mirror.Requests.Count).ShouldBe((1, 2));
    }

    [Fact]
    public async Task When_the_first_upstream_lacks_a_file_Should_download_it_from_the_next_and_name_the_source()
    {
        await using var primary = await StubHub.StartAsync(context => Respond.Error(context, 404, "EntryNotFound"));
        await using var mirror = await StubHub.StartAsync(ServeContent);
        await using var host = await TwoUpstreamsAsync(primary, mirror);

        await using var download = await host.Client.DownloadAsync(Repo, Sha, "model.bin", 0, CancellationToken.None);

        download.Source.ShouldBe("mirror");
        (await ReadAllAsync(download)).ShouldBe(Content);
    }

    [Fact]
    public async Task When_a_source_is_refused_or_demoted_Should_ask_the_others_first_or_only()
    {
        await using var primary = await StubHub.StartAsync(ServeContent);
        await using var mirror = await StubHub.StartAsync(ServeContent);
        await using var host = await TwoUpstreamsAsync(primary, mirror);

        await using (var demoted = await host.Client.DownloadAsync(Repo, Sha, "model.bin", 0, SourceChoice.Any.Demote("primary"), CancellationToken.None))
        {
            demoted.Source.ShouldBe("mirror");
        }

        await using (var only = await host.Client.DownloadAsync(Repo, Sha, "model.bin", 0, SourceChoice.Any.Only("primary"), CancellationToken.None))
        {
            only.Source.ShouldBe("primary");
        }

        var refusedAll = SourceChoice.Without(["primary", "mirror"]);
        var error = await Should.ThrowAsync<HubException>(host.Client.DownloadAsync(Repo, Sha, "model.bin", 0, refusedAll, CancellationToken.None));
        error.Message.ShouldContain("served wrong bytes");
    }

    [Fact]
    public async Task When_an_upstream_keeps_failing_Should_open_its_circuit_and_stop_asking_it()
    {
        await using var primary = await StubHub.StartAsync(context => Respond.Error(context, 503));
        await using var mirror = await StubHub.StartAsync(context => Respond.Json(context, Respond.RepoInfo("org/name", Sha)));
        await using var host = await TwoUpstreamsAsync(primary, mirror, ("Upstream:CircuitMinimumThroughput", "3"), ("Upstream:MetadataCacheSeconds", "0"));

        for (var call = 0; call < 10; call++)
        {
            (await host.Client.GetRepoInfoAsync(Repo, "main", CancellationToken.None)).Sha.ShouldBe(Sha);
        }

        // Three failures in a row open it; the seven calls after never reach the primary.
        primary.Requests.Count.ShouldBe(3);
        mirror.Requests.Count.ShouldBe(10);
        var status = host.Services.GetRequiredService<UpstreamStates>().Statuses()[0];
        status.Circuit.ShouldBe(CircuitState.Open);
        status.LastError.ShouldNotBeNull().ShouldContain("circuit is open");
    }

    [Fact]
    public async Task When_there_is_one_upstream_Should_give_it_no_circuit_and_its_retries()
    {
        await using var hub = await StubHub.StartAsync(context => Respond.Error(context, 503));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress, ("Upstream:MaxRetries", "2"));

        await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(Repo, "main", CancellationToken.None));

        hub.Requests.Count.ShouldBe(3);
        host.Services.GetRequiredService<UpstreamStates>().Statuses().Single().Circuit.ShouldBeNull();
    }

    private static Task<ClientHost> TwoUpstreamsAsync(StubHub primary, StubHub mirror, params (string Key, string? Value)[] settings) =>
        ClientHost.StartAsync(
        [
            ("Upstream:Endpoints:0:Url", primary.BaseAddress.ToString()), ("Upstream:Endpoints:0:Name", "primary"),
            ("Upstream:Endpoints:1:Url", mirror.BaseAddress.ToString()), ("Upstream:Endpoints:1:Name", "mirror"),
            .. settings,
        ]);

    private static Task ServeContent(HttpContext context)
    {
        context.Response.Headers["X-Repo-Commit"] = Sha;
        context.Response.Headers.ETag = "\"etag\"";
        context.Response.ContentLength = Content.Length;
        return context.Response.Body.WriteAsync(Content).AsTask();
    }

    private static async Task<byte[]> ReadAllAsync(HubFileDownload download)
    {
        using var buffer = new MemoryStream();
        await download.Content.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
