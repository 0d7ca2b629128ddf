using Microsoft.AspNetCore.Http;
using ModelHub.Upstream.Tests.Support;

namespace ModelHub.Upstream.Tests;

public class TreeListingTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public async Task When_the_tree_spans_pages_Should_follow_every_absolute_next_link()
    {
        StubHub? hub = null;
        hub = await StubHub.StartAsync(context =>
        {
            var cursor = context.Request.Query["cursor"].ToString();
            var next = $"{hub!.BaseAddress}api/models/org/model/tree/{Commit}?recursive=true&expand=false&cursor=";
            switch (cursor)
            {
                case "":
                    context.Response.Headers.Link = $"<{next}p2>; rel=\"next\"";
                    return Respond.Json(context, Page("a", 3));
                case "p2":
                    // Several links, no space after ';', unquoted rel, another relation first.
                    context.Response.Headers.Link = $"<{hub.BaseAddress}elsewhere>; rel=\"prev\", <{next}p3>;rel=next";
                    return Respond.Json(context, Page("b", 3));
                default:
                    return Respond.Json(context, Page("c", 2));
            }
        });
        await using var _ = hub;
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        var entries = await host.Client.ListTreeAsync(HubRepo.Model("org/model"), Commit, CancellationToken.None).ToListAsync();

        entries.Count.ShouldBe(8);
        entries.Select(entry => entry.Path).ShouldBe(["a", "a/0.bin", "a/1.bin", "b", "b/0.bin", "b/1.bin", "c", "c/0.bin"]);
        hub.Requests.Select(request => request.RawTarget).ShouldBe([
            $"/api/models/org/model/tree/{Commit}?recursive=true&expand=false",
            $"/api/models/org/model/tree/{Commit}?recursive=true&expand=false&cursor=p2",
            $"/api/models/org/model/tree/{Commit}?recursive=true&expand=false&cursor=p3",
        ]);
    }

    [Fact]
    public async Task When_entries_carry_fields_we_do_not_know_Should_map_what_we_use()
    {
        const string page = """
            [{"type":"directory","path":"dir","oid":"d1","size":0},
             {"type":"file","path":"dir/model.safetensors","size":548123560,"oid":"8095a62c","xetHash":"ab12",
              "lfs":{"oid":"ABCDEF","size":548123560,"pointerSize":134,"extra":1},
              "lastCommit":{"id":"c","title":"t","date":"2024-01-01T00:00:00Z"},
              "securityFileStatus":{"status":"safe","avScan":{},"pickleImportScan":{}}},
             {"type":"file","path":"config.json","size":12,"oid":"b45ef6fe"}]
            """;
        await using var hub = await StubHub.StartAsync(context => Respond.Json(context, page));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        var entries = await host.Client.ListTreeAsync(HubRepo.Model("org/model"), Commit, CancellationToken.None).ToListAsync();

        entries.ShouldBe([
            new HubTreeEntry("directory", "dir", 0, "d1"),
            new HubTreeEntry("file", "dir/model.safetensors", 548123560, "8095a62c") { Lfs = new HubLfsInfo("abcdef", 548123560, 134) },
            new HubTreeEntry("file", "config.json", 12, "b45ef6fe"),
        ]);
        entries.Count(entry => entry.IsFile).ShouldBe(2);
    }

    [Fact]
    public async Task When_a_next_link_points_back_to_a_page_already_read_Should_stop_with_a_bad_response()
    {
        StubHub? hub = null;
        hub = await StubHub.StartAsync(context =>
        {
            context.Response.Headers.Link = $"<{hub!.BaseAddress}api/models/org/model/tree/{Commit}?recursive=true&expand=false>; rel=\"next\"";
            return Respond.Json(context, Page("a", 1));
        });
        await using var _ = hub;
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        var error = await Should.ThrowAsync<HubException>(host.Client.ListTreeAsync(HubRepo.Model("org/model"), Commit, CancellationToken.None).ToListAsync().AsTask());

        error.Error.ShouldBe(HubError.BadResponse);
        hub.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task When_an_entry_has_no_oid_Should_fail_as_a_bad_response()
    {
        await using var hub = await StubHub.StartAsync(context => Respond.Json(context, """[{"type":"file","path":"x","size":1}]"""));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        var error = await Should.ThrowAsync<HubException>(host.Client.ListTreeAsync(HubRepo.Model("org/model"), Commit, CancellationToken.None).ToListAsync().AsTask());

        error.Error.ShouldBe(HubError.BadResponse);
        error.Message.ShouldContain("tree listing of org/model@" + Commit);
    }

    [Fact]
    public async Task When_a_later_page_is_rate_limited_once_Should_retry_that_page()
    {
        var attempts = 0;
        StubHub? hub = null;
        hub = await StubHub.StartAsync(context =>
        {
            if (!context.Request.Query.ContainsKey("cursor"))
            {
                context.Response.Headers.Link = $"<{hub!.BaseAddress}api/models/org/model/tree/{Commit}?cursor=2>; rel=\"next\"";
                return Respond.Json(context, Page("a", 1));
            }

            return Interlocked.Increment(ref attempts) == 1 ? Respond.Error(context, 429) : Respond.Json(context, Page("b", 1));
        });
        await using var _ = hub;
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        var entries = await host.Client.ListTreeAsync(HubRepo.Model("org/model"), Commit, CancellationToken.None).ToListAsync();

        entries.Select(entry => entry.Path).ShouldBe(["a", "b"]);
        hub.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task When_a_page_never_ends_Should_stop_at_the_metadata_cap_with_a_bad_response()
    {
        var entries = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("""{"type":"file","path":"x","size":1,"oid":"o"},""", 100)));
        await using var hub = await StubHub.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("[", context.RequestAborted);
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(entries, context.RequestAborted);
            }
        });
        await using var host = await ClientHost.StartAsync(hub.BaseAddress, ("Upstream:MaxMetadataBytes", "1048576"));

        var error = await Should.ThrowAsync<HubException>(host.Client.ListTreeAsync(HubRepo.Model("org/model"), Commit, CancellationToken.None).ToListAsync().AsTask());

        error.Error.ShouldBe(HubError.BadResponse);
        error.Message.ShouldEndWith("it sent more than the 1048576 bytes a metadata answer may have");
    }

    [Fact]
    public async Task When_a_page_announces_more_than_the_cap_Should_refuse_it_unread()
    {
        await using var hub = await StubHub.StartAsync(context =>
        {
            context.Response.ContentLength = 2_000_000;
            return context.Response.Body.FlushAsync();
        });
        await using var host = await ClientHost.StartAsync(hub.BaseAddress, ("Upstream:MaxMetadataBytes", "1048576"));

        var error = await Should.ThrowAsync<HubException>(host.Client.ListTreeAsync(HubRepo.Model("org/model"), Commit, CancellationToken.None).ToListAsync().AsTask());

        error.Error.ShouldBe(HubError.BadResponse);
        error.Message.ShouldEndWith("it announces 2000000 bytes, more than the 1048576 a metadata answer may have");
    }

    private static string Page(string folder, int files) =>
        "[" + string.Join(',', new[] { $$"""{"type":"directory","path":"{{folder}}","oid":"t{{folder}}","size":0}""" }
            .Concat(Enumerable.Range(0, files - 1).Select(i => $$"""{"type":"file","path":"{{folder}}/{{i}}.bin","size":{{i}},"oid":"o{{i}}"}"""))) + "]";
}
