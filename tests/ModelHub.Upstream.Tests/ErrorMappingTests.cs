using System.Net;
using System.Net.Sockets;
using ModelHub.Upstream.Tests.Support;

namespace ModelHub.Upstream.Tests;

public class ErrorMappingTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    public static TheoryData<int, string?, string?, HubError, string> Answers => new()
    {
        { 401, "RepoNotFound", "Repository not found", HubError.RepoNotFound, "repository not found upstream: org/name" },
        { 404, "RepoNotFound", null, HubError.RepoNotFound, "repository not found upstream: org/name" },
        { 404, "RevisionNotFound", "Invalid rev id: nope", HubError.RevisionNotFound, "revision not found: org/name@nope" },
        { 404, "EntryNotFound", null, HubError.EntryNotFound, "file not found upstream: org/name@nope" },
        { 401, "GatedRepo", null, HubError.GatedRepo, "gated: configure a token with access to org/name" },
        { 403, "GatedRepo", null, HubError.GatedRepo, "gated: configure a token with access to org/name" },
        { 403, null, "Access to this resource is disabled.", HubError.Disabled, "repository disabled upstream: org/name" },
        { 401, null, "Invalid credentials in Authorization header", HubError.Unauthorized, "not authorized upstream (401) for org/name: Invalid credentials" },
        { 403, null, null, HubError.Unauthorized, "not authorized upstream (403) for org/name" },
        { 429, null, null, HubError.RateLimited, "rate limited by the upstream, retried 0 times" },
        { 500, null, null, HubError.ServerError, "upstream server error 500 on repository info of org/name@nope, retried 0 times" },
        { 503, null, null, HubError.ServerError, "upstream server error 503" },
        { 400, null, "Bad request", HubError.BadResponse, "unexpected answer 400 from upstream on repository info of org/name@nope: Bad request" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task When_the_hub_says_no_Should_raise_the_matching_error_in_words(
        int status, string? code, string? message, HubError expected, string words)
    {
        await using var hub = await StubHub.StartAsync(context => Respond.Error(context, status, code, message));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress, ("Upstream:MaxRetries", "0"));

        var error = await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "nope", CancellationToken.None));

        error.Error.ShouldBe(expected);
        error.Message.ShouldStartWith(words);
    }

    [Fact]
    public async Task When_a_file_is_missing_Should_name_the_file()
    {
        await using var hub = await StubHub.StartAsync(context => Respond.Error(context, 404, "EntryNotFound", "Entry not found"));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        var error = await Should.ThrowAsync<HubException>(host.Client.DownloadAsync(HubRepo.Model("org/name"), Commit, "dir/x.bin", 0, CancellationToken.None));

        error.Error.ShouldBe(HubError.EntryNotFound);
        error.Message.ShouldBe($"file not found upstream: org/name@{Commit}: dir/x.bin");
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"id":"org/name"}""")]
    [InlineData("""{"id":"org/name","sha":"main"}""")]
    [InlineData("null")]
    public async Task When_the_body_is_not_what_the_contract_says_Should_raise_a_bad_response(string body)
    {
        await using var hub = await StubHub.StartAsync(context => Respond.Json(context, body));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        var error = await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None));

        error.Error.ShouldBe(HubError.BadResponse);
        error.Message.ShouldStartWith("bad response from upstream on repository info of org/name@main");
    }

    [Fact]
    public async Task When_the_hub_echoes_the_token_Should_keep_it_out_of_messages_and_logs()
    {
        await using var hub = await StubHub.StartAsync(context =>
        {
            var sent = context.Request.Headers.Authorization.ToString();
            return context.Request.Path.StartsWithSegments("/api/models/org/gated")
                ? Respond.Error(context, 403, "GatedRepo", $"Token {sent} has no access")
                : Respond.Error(context, 401, null, $"Invalid credentials: {sent}");
        });
        await using var host = await ClientHost.StartAsync(hub.BaseAddress, ("Upstream:Token", ClientHost.Token), ("Upstream:MaxRetries", "1"));

        var unauthorized = await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None));
        var gated = await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(HubRepo.Model("org/gated"), "main", CancellationToken.None));

        hub.Requests.First().Authorization.ShouldBe($"Bearer {ClientHost.Token}");
        unauthorized.Error.ShouldBe(HubError.Unauthorized);
        unauthorized.Message.ShouldContain("[token]");
        gated.Message.ShouldBe("gated: configure a token with access to org/gated (the configured token has none; request access on the Hub)");
        foreach (var text in new[] { unauthorized.ToString(), gated.ToString() }.Concat(host.Logs.Lines))
        {
            text.ShouldNotContain(ClientHost.Token);
        }
    }

    [Fact]
    public async Task When_the_upstream_cannot_be_reached_Should_say_so_after_the_retries()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort()}");
        await using var host = await ClientHost.StartAsync(closed, ("Upstream:Token", ClientHost.Token), ("Upstream:MaxRetries", "2"));

        var error = await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None));

        error.Error.ShouldBe(HubError.Unreachable);
        error.Retries.ShouldBe(2);
        error.Message.ShouldStartWith($"upstream unreachable ({closed.ToString().TrimEnd('/')}) on repository info of org/name@main");
        error.ToString().ShouldNotContain(ClientHost.Token);
        host.Logs.Lines.ShouldAllBe(line => !line.Contains(ClientHost.Token));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
