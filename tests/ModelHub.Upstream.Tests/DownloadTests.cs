using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using ModelHub.Upstream.Tests.Support;

namespace ModelHub.Upstream.Tests;

public class DownloadTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static readonly byte[] _content = Respond.Bytes(1000);

    [Fact]
    public async Task When_resuming_and_the_server_honours_the_range_Should_return_the_rest_with_its_offset()
    {
        await using var hub = await StubHub.StartAsync(ServeContent(honourRange: true));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        await using var download = await host.Client.DownloadAsync(HubRepo.Model("org/name"), Commit, "model.bin", 100, CancellationToken.None);

        download.Offset.ShouldBe(100);
        download.ContentLength.ShouldBe(900);
        (await ReadAll(download)).ShouldBe(_content[100..]);
        hub.Requests.Single().Range.ShouldBe("bytes=100-");
    }

    [Fact]
    public async Task When_resuming_and_the_server_ignores_the_range_Should_return_the_whole_body_at_offset_zero()
    {
        await using var hub = await StubHub.StartAsync(ServeContent(honourRange: false));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        await using var download = await host.Client.DownloadAsync(HubRepo.Model("org/name"), Commit, "model.bin", 100, CancellationToken.None);

        download.Offset.ShouldBe(0);
        (await ReadAll(download)).ShouldBe(_content);
    }

    [Fact]
    public async Task When_starting_from_zero_Should_send_no_range_and_read_the_hub_headers()
    {
        await using var hub = await StubHub.StartAsync(ServeContent(honourRange: true));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        await using var download = await host.Client.DownloadAsync(HubRepo.Model("org/name"), Commit, "model.bin", 0, CancellationToken.None);

        download.Offset.ShouldBe(0);
        download.Commit.ShouldBe(Commit);
        download.ETag.ShouldBe(Sha256);
        (await ReadAll(download)).ShouldBe(_content);
        hub.Requests.Single().Range.ShouldBeNull();
    }

    [Fact]
    public async Task When_the_hub_redirects_to_another_host_Should_keep_the_302_headers_and_drop_the_token()
    {
        StubHub? hub = null;
        hub = await StubHub.StartAsync(context =>
        {
            if (context.Request.Path.StartsWithSegments("/org"))
            {
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers["X-Repo-Commit"] = Commit;
                context.Response.Headers["X-Linked-Etag"] = $"\"{Sha256}\"";
                context.Response.Headers["X-Linked-Size"] = "1000";
                context.Response.Headers.Location = $"{hub!.OtherHost}cdn/blob?signature=abc";
                return Task.CompletedTask;
            }

            context.Response.Headers.ETag = "\"cdn-etag-not-the-hash\"";
            return context.Response.Body.WriteAsync(_content).AsTask();
        });
        await using var _ = hub;
        await using var host = await ClientHost.StartAsync(hub.BaseAddress, ("Upstream:Token", ClientHost.Token));

        await using var download = await host.Client.DownloadAsync(HubRepo.Model("org/name"), Commit, "model.bin", 0, CancellationToken.None);

        download.Commit.ShouldBe(Commit);
        download.ETag.ShouldBe(Sha256);
        (await ReadAll(download)).ShouldBe(_content);
        var requests = hub.Requests.ToArray();
        requests.Length.ShouldBe(2);
        (requests[0].Host, requests[0].Authorization).ShouldBe(("127.0.0.1", $"Bearer {ClientHost.Token}"));
        (requests[1].Host, requests[1].RawTarget, requests[1].Authorization).ShouldBe(("localhost", "/cdn/blob?signature=abc", null));
    }

    [Fact]
    public async Task When_redirects_never_end_Should_stop_after_five_hops()
    {
        await using var hub = await StubHub.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = $"/hop/{Guid.NewGuid()}";
            return Task.CompletedTask;
        });
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        var error = await Should.ThrowAsync<HubException>(host.Client.DownloadAsync(HubRepo.Model("org/name"), Commit, "model.bin", 0, CancellationToken.None));

        error.Error.ShouldBe(HubError.BadResponse);
        error.Message.ShouldContain("more than 5 redirects");
        hub.Requests.Count.ShouldBe(6);
    }

    [Fact]
    public async Task When_the_path_has_special_characters_Should_keep_slashes_and_escape_the_rest()
    {
        await using var hub = await StubHub.StartAsync(ServeContent(honourRange: true));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        await using var download = await host.Client.DownloadAsync(HubRepo.Model("org/name"), "refs/pr/1", "dir with space/é+#?.bin", 0, CancellationToken.None);

        hub.Requests.Single().RawTarget.ShouldBe("/org/name/resolve/refs%2Fpr%2F1/dir%20with%20space/%C3%A9%2B%23%3F.bin");
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    public async Task When_the_path_would_be_rewritten_by_the_uri_Should_refuse_it_without_a_request(string path)
    {
        await using var hub = await StubHub.StartAsync(ServeContent(honourRange: true));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        await Should.ThrowAsync<ArgumentException>(() => host.Client.DownloadAsync(HubRepo.Model("org/name"), Commit, path, 0, CancellationToken.None));

        hub.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task When_the_body_stalls_Should_fail_the_read_with_a_timeout()
    {
        await using var hub = await StubHub.StartAsync(async context =>
        {
            await context.Response.Body.WriteAsync(_content.AsMemory(0, 10));
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
        });
        await using var host = await ClientHost.StartAsync(hub.BaseAddress, ("Upstream:DownloadIdleTimeout", "00:00:00.300"));
        await using var download = await host.Client.DownloadAsync(HubRepo.Model("org/name"), Commit, "model.bin", 0, CancellationToken.None);

        var error = await Should.ThrowAsync<HubException>(ReadAll(download));

        error.Error.ShouldBe(HubError.Stalled);
        error.Message.ShouldBe($"upstream sent no bytes for 0.3 s during the download of org/name@{Commit}: model.bin");
    }

    [Fact]
    public async Task When_the_body_ends_short_of_its_length_Should_fail_with_an_io_error_naming_the_upstream_and_the_file()
    {
        await using var hub = await StubHub.StartAsync(async context =>
        {
            context.Response.ContentLength = _content.Length;
            await context.Response.Body.WriteAsync(_content.AsMemory(0, 100));
        });
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);
        await using var download = await host.Client.DownloadAsync(HubRepo.Model("org/name"), Commit, "model.bin", 0, CancellationToken.None);

        var error = await Should.ThrowAsync<IOException>(ReadAll(download));

        error.Message.ShouldStartWith($"upstream broke off the download of org/name@{Commit}: model.bin after 100 bytes: ");
        error.InnerException.ShouldBeAssignableTo<IOException>();
    }

    [Fact]
    public async Task When_the_body_trickles_below_the_minimum_rate_Should_fail_the_read_after_one_window()
    {
        // A window long enough that no pause of a busy machine between two chunks looks like silence.
        await using var hub = await StubHub.StartAsync(async context =>
        {
            context.Response.ContentLength = _content.Length;
            foreach (var chunk in _content.Chunk(5))
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(100, context.RequestAborted); // 50 B/s
            }
        });
        await using var host = await ClientHost.StartAsync(hub.BaseAddress,
            ("Upstream:DownloadIdleTimeout", "00:00:01.500"), ("Upstream:DownloadMinBytesPerSecond", "1000"));
        await using var download = await host.Client.DownloadAsync(HubRepo.Model("org/name"), Commit, "model.bin", 0, CancellationToken.None);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Should.ThrowAsync<HubException>(ReadAll(download));

        error.Error.ShouldBe(HubError.Stalled);
        error.Message.ShouldStartWith("upstream sent only ");
        error.Message.ShouldContain($"during the download of org/name@{Commit}: model.bin (");
        error.Message.ShouldEndWith("B/s, below the minimum of 1000 B/s)");
        // Time is the property here: the verdict comes after one 1.5 s window, not at the end of the body (20 s at 50 B/s);
        // 10 s leaves a loaded machine more than six windows.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "one window, not the whole trickling body");
    }

    [Fact]
    public async Task When_a_slow_reader_holds_a_steady_body_back_Should_not_blame_the_upstream()
    {
        await using var hub = await StubHub.StartAsync(ServeContent(honourRange: false));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress,
            ("Upstream:DownloadIdleTimeout", "00:00:00.200"), ("Upstream:DownloadMinBytesPerSecond", "100000"));
        await using var download = await host.Client.DownloadAsync(HubRepo.Model("org/name"), Commit, "model.bin", 0, CancellationToken.None);

        var buffer = new byte[100];
        var read = 0;
        for (int n; (n = await download.Content.ReadAsync(buffer)) > 0; read += n)
        {
            await Task.Delay(60); // 10 reads: 600 ms of the reader's own time, three windows
        }

        read.ShouldBe(_content.Length);
    }

    [Fact]
    public async Task When_a_body_takes_longer_than_every_timeout_but_keeps_flowing_Should_arrive_whole()
    {
        await using var hub = await StubHub.StartAsync(async context =>
        {
            foreach (var chunk in _content.Chunk(100))
            {
                await context.Response.Body.WriteAsync(chunk);
                await context.Response.Body.FlushAsync();
                await Task.Delay(80);
            }
        });
        await using var host = await ClientHost.StartAsync(hub.BaseAddress,
            ("Upstream:AttemptTimeout", "00:00:00.250"), ("Upstream:MetadataTimeout", "00:00:00.250"), ("Upstream:DownloadIdleTimeout", "00:00:05"));

        await using var download = await host.Client.DownloadAsync(HubRepo.Model("org/name"), Commit, "model.bin", 0, CancellationToken.None);

        (await ReadAll(download)).ShouldBe(_content);
    }

    private static Func<HttpContext, Task> ServeContent(bool honourRange) => context =>
    {
        context.Response.Headers["X-Repo-Commit"] = Commit;
        context.Response.Headers.ETag = $"\"{Sha256}\"";
        var range = context.Request.GetTypedHeaders().Range;
        if (!honourRange || range?.Ranges.SingleOrDefault()?.From is not { } from)
        {
            context.Response.ContentLength = _content.Length;
            return context.Response.Body.WriteAsync(_content).AsTask();
        }

        context.Response.StatusCode = StatusCodes.Status206PartialContent;
        context.Response.GetTypedHeaders().ContentRange = new ContentRangeHeaderValue(from, _content.Length - 1, _content.Length);
        context.Response.ContentLength = _content.Length - from;
        return context.Response.Body.WriteAsync(_content.AsMemory((int)from)).AsTask();
    };

    private static async Task<byte[]> ReadAll(HubFileDownload download)
    {
        using var buffer = new MemoryStream();
        await download.Content.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
