using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using ModelHub.TestSupport;
using ModelHub.Upstream.Tests.Support;

namespace ModelHub.Upstream.Tests;

public class RetryTests
{
    private const string Sha = "39d5e5a1c0a2bb0ab5f5e0f4fd46d3b6a7e5d583";

    [Fact]
    public async Task When_rate_limited_with_retry_after_Should_wait_as_asked_then_succeed()
    {
        var calls = 0;
        await using var hub = await StubHub.StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.Headers.RetryAfter = "1";
                return Respond.Error(context, 429);
            }

            return Respond.Json(context, Respond.RepoInfo("org/name", Sha));
        });
        await using var host = await ClientHost.StartAsync(hub.BaseAddress, ("Upstream:MaxRetryDelay", "00:00:05"));
        var clock = Stopwatch.StartNew();

        var info = await host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None);

        info.Sha.ShouldBe(Sha);
        hub.Requests.Count.ShouldBe(2);
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950));
    }

    [Fact]
    public async Task When_a_burst_of_server_errors_passes_Should_recover()
    {
        var calls = 0;
        await using var hub = await StubHub.StartAsync(context => Interlocked.Increment(ref calls) switch
        {
            1 => Respond.Error(context, 500),
            2 => Respond.Error(context, 502),
            3 => Respond.Error(context, 503),
            _ => Respond.Json(context, Respond.RepoInfo("org/name", Sha)),
        });
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        var info = await host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None);

        info.Sha.ShouldBe(Sha);
        hub.Requests.Count.ShouldBe(4);
        host.Logs.Lines.Count(line => line.Contains("retry", StringComparison.OrdinalIgnoreCase) && line.Contains("HTTP 50")).ShouldBe(3);
    }

    [Fact]
    public async Task When_rate_limited_every_time_Should_give_up_after_max_retries_and_say_how_often_it_tried()
    {
        await using var hub = await StubHub.StartAsync(context =>
        {
            context.Response.Headers["RateLimit"] = "\"api\";r=0;t=0";
            context.Response.Headers["RateLimit-Policy"] = "\"fixed window\";\"api\";q=500;w=300";
            return Respond.Error(context, 429);
        });
        await using var host = await ClientHost.StartAsync(hub.BaseAddress, ("Upstream:MaxRetries", "3"), ("Upstream:MaxRetryDelay", "00:00:00.050"));

        var error = await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None));

        error.Error.ShouldBe(HubError.RateLimited);
        error.Retries.ShouldBe(3);
        error.Message.ShouldStartWith("rate limited by the upstream, retried 3 times");
        hub.Requests.Count.ShouldBe(4);
    }

    [Fact]
    public async Task When_server_errors_never_stop_Should_give_up_as_a_server_error()
    {
        await using var hub = await StubHub.StartAsync(context => Respond.Error(context, 503));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress, ("Upstream:MaxRetries", "2"));

        var error = await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None));

        error.Error.ShouldBe(HubError.ServerError);
        error.Retries.ShouldBe(2);
        error.Message.ShouldBe("upstream server error 503 on repository info of org/name@main, retried 2 times");
    }

    [Fact]
    public async Task When_not_found_Should_not_retry()
    {
        await using var hub = await StubHub.StartAsync(context => Respond.Error(context, 404, "RepoNotFound"));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        var error = await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None));

        error.Retries.ShouldBe(0);
        hub.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task When_an_attempt_gets_no_headers_in_time_Should_retry_then_time_out()
    {
        // A second per attempt: a machine busy with every other test may take longer than a shorter
        // timeout to hand the stub its request, and the attempt would time out before it was made.
        await using var hub = await StubHub.StartAsync(context => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress, ("Upstream:AttemptTimeout", "00:00:01"), ("Upstream:MaxRetries", "1"));

        var error = await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None));

        error.Error.ShouldBe(HubError.Timeout);
        error.Retries.ShouldBe(1);
        error.Message.ShouldBe("upstream timed out after 00:00:01 on repository info of org/name@main, retried 1 times");
        (await RequestsSeenAsync(hub, expected: 2)).ShouldBe(2);
    }

    [Fact]
    public async Task When_a_metadata_body_stalls_Should_time_out_the_whole_call()
    {
        await using var hub = await StubHub.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"id\":");
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        });
        await using var host = await ClientHost.StartAsync(hub.BaseAddress,
            ("Upstream:AttemptTimeout", "00:00:00.200"), ("Upstream:MetadataTimeout", "00:00:00.400"));
        var clock = Stopwatch.StartNew();

        var error = await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None));

        error.Error.ShouldBe(HubError.Timeout);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "the call must end long before the body would");
    }

    [Fact]
    public async Task When_the_caller_cancels_Should_throw_cancellation_not_a_hub_error()
    {
        await using var hub = await StubHub.StartAsync(context => Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Should.ThrowAsync<OperationCanceledException>(host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", cancel.Token));
    }

    /// <summary>The stub records a request when its handler starts, which can be a moment after the client gave up on it.</summary>
    private static Task<int> RequestsSeenAsync(StubHub hub, int expected) =>
        Poll.UntilOrLastAsync(() => Task.FromResult(hub.Requests.Count), count => count >= expected, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(20));
}
