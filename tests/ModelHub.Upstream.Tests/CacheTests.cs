using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.TestSupport;
using ModelHub.Upstream.Tests.Support;

namespace ModelHub.Upstream.Tests;

public class CacheTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string Tree = """
        [{"type":"directory","path":"d","oid":"t1","size":0},
         {"type":"file","path":"d/w.bin","size":9,"oid":"p1","lfs":{"oid":"abc","size":9,"pointerSize":134}},
         {"type":"file","path":"c.json","size":2,"oid":"b1"}]
        """;

    [Fact]
    public async Task When_model_info_is_asked_twice_Should_ask_the_hub_once_per_revision()
    {
        await using var hub = await StubHub.StartAsync(context => Respond.Json(context, Respond.RepoInfo("org/name", Commit)));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        var first = await host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None);
        var second = await host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None);
        await host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "v1", CancellationToken.None);

        second.ShouldBeEquivalentTo(first);
        hub.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task When_the_cache_is_off_Should_ask_the_hub_every_time()
    {
        await using var hub = await StubHub.StartAsync(context => Respond.Json(context, Respond.RepoInfo("org/name", Commit)));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress, ("Upstream:MetadataCacheSeconds", "0"));

        await host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None);
        await host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None);

        hub.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task When_a_call_fails_Should_not_cache_the_failure()
    {
        var calls = 0;
        await using var hub = await StubHub.StartAsync(context => Interlocked.Increment(ref calls) == 1
            ? Respond.Error(context, 404, "RevisionNotFound")
            : Respond.Json(context, Respond.RepoInfo("org/name", Commit)));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None));
        var info = await host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None);

        info.Sha.ShouldBe(Commit);
    }

    [Fact]
    public async Task When_a_commit_tree_is_listed_twice_Should_replay_it_from_the_cache()
    {
        await using var hub = await StubHub.StartAsync(context => Respond.Json(context, Tree));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        var first = await host.Client.ListTreeAsync(HubRepo.Model("org/name"), Commit, CancellationToken.None).ToListAsync();
        var second = await host.Client.ListTreeAsync(HubRepo.Model("org/name"), Commit, CancellationToken.None).ToListAsync();

        second.ShouldBe(first);
        second[1].Lfs.ShouldBe(new HubLfsInfo("abc", 9, 134));
        hub.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task When_a_tree_is_larger_than_the_cache_limit_Should_list_it_afresh()
    {
        await using var hub = await StubHub.StartAsync(context => Respond.Json(context, Tree));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress, ("Upstream:TreeCacheMaxEntries", "2"));

        await host.Client.ListTreeAsync(HubRepo.Model("org/name"), Commit, CancellationToken.None).ToListAsync();
        await host.Client.ListTreeAsync(HubRepo.Model("org/name"), Commit, CancellationToken.None).ToListAsync();

        hub.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task When_a_repository_is_forgotten_Should_ask_the_hub_again()
    {
        await using var hub = await StubHub.StartAsync(context => context.Request.Path.Value!.Contains("/tree/")
            ? Respond.Json(context, Tree)
            : Respond.Json(context, Respond.RepoInfo("org/name", Commit)));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);
        await host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None);
        await host.Client.ListTreeAsync(HubRepo.Model("org/name"), Commit, CancellationToken.None).ToListAsync();

        await host.Services.GetRequiredService<HubMetadataCache>().ForgetAsync(HubRepo.Model("org/name"), CancellationToken.None);
        await host.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None);
        await host.Client.ListTreeAsync(HubRepo.Model("org/name"), Commit, CancellationToken.None).ToListAsync();

        hub.Requests.Count.ShouldBe(4);
    }

    [Fact]
    public async Task When_another_process_shares_the_distributed_cache_Should_answer_from_it()
    {
        await using var hub = await StubHub.StartAsync(context => context.Request.Path.Value!.Contains("/tree/")
            ? Respond.Json(context, Tree)
            : Respond.Json(context, $$"""{"id":"org/name","sha":"{{Commit}}","gated":"auto","private":true,"lastModified":"2024-11-05T18:20:00.000Z","siblings":[{"rfilename":"c.json"}]}"""));
        var redis = new SharedDistributedCache();
        (string, string?)[] settings = [("Upstream:Endpoint", hub.BaseAddress.ToString())];
        await using var first = await ClientHost.StartAsync(settings, services => services.AddSingleton<IDistributedCache>(redis));
        await using var second = await ClientHost.StartAsync(settings, services => services.AddSingleton<IDistributedCache>(redis));

        var info = await first.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None);
        var tree = await first.Client.ListTreeAsync(HubRepo.Model("org/name"), Commit, CancellationToken.None).ToListAsync();
        // HybridCache writes its second level in the background: let the first process's writes land.
        await Poll.UntilOrLastAsync(() => Task.FromResult(redis.Writes), writes => writes >= 2, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(20));

        var infoAgain = await second.Client.GetRepoInfoAsync(HubRepo.Model("org/name"), "main", CancellationToken.None);
        var treeAgain = await second.Client.ListTreeAsync(HubRepo.Model("org/name"), Commit, CancellationToken.None).ToListAsync();

        redis.Writes.ShouldBeGreaterThanOrEqualTo(2);
        hub.Requests.Count.ShouldBe(2);
        infoAgain.ShouldBeEquivalentTo(info);
        (infoAgain.Gated, infoAgain.Private, infoAgain.LastModified).ShouldBe(("auto", true, info.LastModified));
        treeAgain.ShouldBe(tree);
    }
}
