using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.UpstreamSimulator.Tests.Faults;

/// <summary>Each knob on its own file of a repository made for these tests, reset before each test.</summary>
public sealed class FaultKnobTests : IClassFixture<SimulatorFixture>
{
    private const string Repo = "sim/faulty";
    private const int Size = 200_000;
    private readonly SimulatorFixture _sim;
    private readonly SimRepo _repo;

    public FaultKnobTests(SimulatorFixture sim)
    {
        _sim = sim;
        _repo = sim.Catalog.AddRepo(Repo, b => b.Generated("weights.bin", Size, lfs: false).Text("config.json", "{}\n").Generated("big.safetensors", Size));
        sim.Catalog.ResetFaults();
        sim.Catalog.Requests.Clear();
    }

    private SimFile Weights => _repo.Main.File("weights.bin");

    [Fact]
    public async Task When_a_file_is_rate_limited_Should_answer_429_with_ratelimit_headers_n_times_then_serve()
    {
        _repo.FileFaults("weights.bin").RateLimited = 2;
        _repo.FileFaults("weights.bin").RetryAfterSeconds = 7;

        var first = await _sim.GetAsync($"{Repo}/resolve/main/weights.bin");
        var second = await _sim.GetAsync($"{Repo}/resolve/main/weights.bin");
        var third = await _sim.GetAsync($"{Repo}/resolve/main/weights.bin");

        first.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        first.One("RateLimit").ShouldBe("\"resolvers\";r=0;t=7");
        first.One("RateLimit-Policy")!.ShouldStartWith("\"fixed window\";\"resolvers\";q=");
        first.One("Retry-After").ShouldBe("7");
        second.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        third.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _sim.GetAsync($"{Repo}/resolve/main/config.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task When_api_requests_are_rate_limited_Should_count_them_in_the_api_bucket()
    {
        _repo.Faults.RateLimited = 1;

        var limited = await _sim.GetAsync($"api/models/{Repo}/revision/main");

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.One("RateLimit").ShouldBe("\"api\";r=0;t=1");
        (await _sim.GetAsync($"api/models/{Repo}/revision/main")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task When_server_errors_are_asked_for_Should_come_in_a_burst_of_n()
    {
        _repo.Faults = new FaultKnobs { ServerErrors = 3, ServerErrorStatus = 502 };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await _sim.GetAsync($"api/models/{Repo}/tree/main")).StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.OK]);
    }

    [Fact]
    public async Task When_latency_is_set_Should_delay_the_answer()
    {
        _repo.Faults.Latency = TimeSpan.FromMilliseconds(300);
        var clock = Stopwatch.StartNew();

        (await _sim.HeadAsync($"{Repo}/resolve/main/config.json")).StatusCode.ShouldBe(HttpStatusCode.OK);

        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290));
    }

    [Fact]
    public async Task When_bandwidth_is_set_Should_limit_the_bytes_per_second_of_a_body()
    {
        _repo.FileFaults("weights.bin").BytesPerSecond = 400_000;
        var clock = Stopwatch.StartNew();

        var bytes = await _sim.Following.GetByteArrayAsync($"{Repo}/resolve/main/weights.bin");

        bytes.Length.ShouldBe(Size);
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(450));
    }

    [Fact]
    public async Task When_a_connection_is_dropped_Should_stop_mid_body_once()
    {
        _repo.FileFaults("weights.bin").DroppedConnections = 1;
        _repo.FileFaults("weights.bin").DropAfterBytes = 10_000;

        var (read, failure) = await ReadAsync($"{Repo}/resolve/main/weights.bin");

        failure.ShouldNotBeNull();
        read.ShouldBeLessThanOrEqualTo(10_000);
        (await _sim.Following.GetByteArrayAsync($"{Repo}/resolve/main/weights.bin")).ShouldBe(Weights.ReadAllBytes());
    }

    [Fact]
    public async Task When_connections_drop_every_so_many_bytes_Should_count_them_across_bodies()
    {
        _repo.FileFaults("weights.bin").DropEveryBytes = 100_000;

        var (first, firstFailure) = await ReadRangeAsync(0, 79_999);
        var (second, secondFailure) = await ReadRangeAsync(80_000, Size - 1);

        // 80,000 bytes went out whole; the next body is cut at its first write past 100,000 in all, after 65,536 of its own.
        (first, firstFailure).ShouldBe((80_000, null));
        secondFailure.ShouldNotBeNull();
        second.ShouldBe(64 * 1024);

        // The aborted body is logged when its response ends: wait for it, so the next test's log starts empty.
        for (var i = 0; i < 200 && _sim.Catalog.Requests.CountFor(Repo) < 2; i++)
        {
            await Task.Delay(10);
        }

        _sim.Catalog.Requests.CountFor(Repo).ShouldBe(2);
    }

    private async Task<(long Read, Exception? Failure)> ReadRangeAsync(long from, long to)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Repo}/resolve/main/weights.bin") { Headers = { Range = new(from, to) } };
        return await ReadAsync(await _sim.Following.SendAsync(request, HttpCompletionOption.ResponseHeadersRead));
    }

    [Fact]
    public async Task When_a_body_is_truncated_Should_promise_more_than_it_sends()
    {
        _repo.FileFaults("weights.bin").TruncatedBodies = 1;
        _repo.FileFaults("weights.bin").TruncateAfterBytes = 5_000;

        using var response = await _sim.GetAsync($"{Repo}/resolve/main/weights.bin");
        response.Content.Headers.ContentLength.ShouldBe(Size);
        var (read, failure) = await ReadAsync(response);

        failure.ShouldNotBeNull();
        read.ShouldBe(5_000);
    }

    [Fact]
    public async Task When_bytes_are_corrupted_Should_keep_the_length_and_break_the_hash()
    {
        _repo.FileFaults("big.safetensors").CorruptedBodies = 1;

        var corrupt = await _sim.Following.GetByteArrayAsync($"{Repo}/resolve/main/big.safetensors");
        var sound = await _sim.Following.GetByteArrayAsync($"{Repo}/resolve/main/big.safetensors");

        var file = _repo.Main.File("big.safetensors");
        corrupt.Length.ShouldBe(Size);
        Convert.ToHexStringLower(SHA256.HashData(corrupt)).ShouldNotBe(file.Sha256);
        Convert.ToHexStringLower(SHA256.HashData(sound)).ShouldBe(file.Sha256);
    }

    [Fact]
    public async Task When_a_body_stalls_Should_go_silent_and_keep_the_connection_open()
    {
        _repo.FileFaults("weights.bin").StalledBodies = 1;
        _repo.FileFaults("weights.bin").StallAfterBytes = 3_000;

        using var response = await _sim.GetAsync($"{Repo}/resolve/main/weights.bin");
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = new byte[3_000];
        await body.ReadExactlyAsync(first);
        var next = body.ReadAsync(new byte[1]).AsTask();

        // The simulator says it holds the body: everything before the stall is flushed (and read above), nothing follows.
        for (var i = 0; i < 200 && _sim.Catalog.StalledBodiesHeld == 0; i++)
        {
            await Task.Delay(50);
        }

        _sim.Catalog.StalledBodiesHeld.ShouldBeGreaterThan(0, "the simulator holds the stalled body");
        next.IsCompleted.ShouldBeFalse("nothing was sent after the stall, and the connection is open");
        response.Content.Headers.ContentLength.ShouldBe(Size);
        first.ShouldBe(Weights.ReadAllBytes()[..3_000]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task When_a_body_is_oversize_Should_send_the_file_then_more(bool announced)
    {
        _repo.FileFaults("weights.bin").OversizeBodies = 1;
        _repo.FileFaults("weights.bin").OversizeExtraBytes = 1_000;
        _repo.FileFaults("weights.bin").OversizeAnnounced = announced;

        using var response = await _sim.GetAsync($"{Repo}/resolve/main/weights.bin");
        var announcedLength = response.Content.Headers.ContentLength; // read before the body: buffering fills it in
        var bytes = await response.Content.ReadAsByteArrayAsync();

        announcedLength.ShouldBe(announced ? Size + 1_000 : null);
        bytes.Length.ShouldBe(Size + 1_000);
        bytes[..Size].ShouldBe(Weights.ReadAllBytes());
        (await _sim.Following.GetByteArrayAsync($"{Repo}/resolve/main/weights.bin")).Length.ShouldBe(Size);
    }

    [Fact]
    public async Task When_a_body_is_endless_and_slow_Should_trickle_past_the_end_of_the_file()
    {
        var knobs = _repo.FileFaults("weights.bin");
        (knobs.OversizeBodies, knobs.OversizeExtraBytes, knobs.BytesPerSecond) = (1, long.MaxValue, 1_000_000);

        using var response = await _sim.GetAsync($"{Repo}/resolve/main/weights.bin");
        await using var body = await response.Content.ReadAsStreamAsync();
        var beyond = new byte[Size + 100_000];
        await body.ReadExactlyAsync(beyond);

        response.Content.Headers.ContentLength.ShouldBeNull();
        beyond[Size..].ShouldAllBe(b => b == (byte)'*');
    }

    [Fact]
    public async Task When_knobs_are_set_simulator_wide_Should_hit_every_repository()
    {
        _sim.Catalog.Faults = new FaultKnobs { ServerErrors = 1 };

        (await _sim.GetAsync($"api/models/{ShippedRepos.Wan}")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await _sim.GetAsync($"api/models/{ShippedRepos.Wan}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task When_requests_are_logged_Should_count_them_per_repository_kind_and_path()
    {
        await _sim.Following.GetByteArrayAsync($"{Repo}/resolve/main/big.safetensors");
        await _sim.GetAsync($"api/models/{Repo}/tree/main");

        var log = _sim.Catalog.Requests;
        log.CountFor(Repo).ShouldBe(3);
        log.CountFor(Repo, "resolve").ShouldBe(1);
        log.CountFor(Repo, "cdn").ShouldBe(1);
        log.CountsByPath()[$"/{Repo}/resolve/main/big.safetensors"].ShouldBe(1);
        log.Snapshot().Single(r => r.Kind == "resolve").Status.ShouldBe(302);
    }

    private async Task<(long Read, Exception? Failure)> ReadAsync(string url)
    {
        using var response = await _sim.GetAsync(url);
        return await ReadAsync(response);
    }

    private static async Task<(long Read, Exception? Failure)> ReadAsync(HttpResponseMessage response)
    {
        var buffer = new byte[8192];
        long read = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            for (int n; (n = await body.ReadAsync(buffer)) > 0;)
            {
                read += n;
            }

            return (read, null);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return (read, e);
        }
    }
}
