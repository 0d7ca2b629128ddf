using System.Security.Cryptography;
using ModelHub.Upstream.Tests.Support;
using ModelHub.UpstreamSimulator;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.Upstream.Tests;

/// <summary>The client against the upstream simulator: the contract as a whole, not one header at a time.</summary>
public class SimulatorTests
{
    [Fact]
    public async Task When_syncing_the_wan_repository_Should_see_its_commit_files_and_verified_bytes()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions());
        await using var host = await ClientHost.StartAsync(simulator.BaseAddress, ("Upstream:Token", ClientHost.Token));

        var info = await host.Client.GetRepoInfoAsync(HubRepo.Model(ShippedRepos.Wan), "main", CancellationToken.None);
        var tree = await host.Client.ListTreeAsync(HubRepo.Model(ShippedRepos.Wan), info.Sha, CancellationToken.None).ToListAsync();

        info.Id.ShouldBe(ShippedRepos.Wan);
        info.Sha.ShouldBe(simulator.Catalog[ShippedRepos.Wan].Main.Sha);
        tree.Where(entry => entry.IsFile).Select(entry => entry.Path).Order(StringComparer.Ordinal)
            .ShouldBe(info.Siblings.Order(StringComparer.Ordinal));
        tree.ShouldContain(entry => entry.Type == "directory");

        var weights = tree.Where(entry => entry.Lfs is not null).MinBy(entry => entry.Size)!;
        await using var download = await host.Client.DownloadAsync(HubRepo.Model(ShippedRepos.Wan), info.Sha, weights.Path, 0, CancellationToken.None);
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(download.Content));

        sha256.ShouldBe(weights.Lfs!.Oid);
        download.ETag.ShouldBe(weights.Lfs.Oid);
        download.Commit.ShouldBe(info.Sha);
    }

    [Fact]
    public async Task When_listing_ten_thousand_files_Should_read_every_page()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var host = await ClientHost.StartAsync(simulator.BaseAddress);
        var info = await host.Client.GetRepoInfoAsync(HubRepo.Model(ShippedRepos.ManyFiles), "main", CancellationToken.None);

        var entries = await host.Client.ListTreeAsync(HubRepo.Model(ShippedRepos.ManyFiles), info.Sha, CancellationToken.None).ToListAsync();

        entries.Count(entry => entry.IsFile).ShouldBe(10_000);
        entries.Select(entry => entry.Path).Distinct().Count().ShouldBe(entries.Count);
        var pages = simulator.Catalog.Requests.Snapshot().Count(request => request.Path.Contains("/tree/", StringComparison.Ordinal));
        pages.ShouldBe((entries.Count + 999) / 1000);
    }

    [Fact]
    public async Task When_a_gated_file_is_downloaded_Should_need_the_token()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var anonymous = await ClientHost.StartAsync(simulator.BaseAddress);
        await using var member = await ClientHost.StartAsync(simulator.BaseAddress, ("Upstream:Token", simulator.Options.Token));
        var commit = simulator.Catalog[ShippedRepos.Gated].Main.Sha;

        var error = await Should.ThrowAsync<HubException>(anonymous.Client.DownloadAsync(HubRepo.Model(ShippedRepos.Gated), commit, "config.json", 0, CancellationToken.None));
        await using var download = await member.Client.DownloadAsync(HubRepo.Model(ShippedRepos.Gated), commit, "config.json", 0, CancellationToken.None);

        error.Error.ShouldBe(HubError.GatedRepo);
        error.Message.ShouldBe($"gated: configure a token with access to {ShippedRepos.Gated}");
        download.Commit.ShouldBe(commit);
    }

    [Fact]
    public async Task When_the_simulator_rate_limits_and_fails_for_a_while_Should_recover()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        simulator.Catalog.Faults = new() { RateLimited = 2, ServerErrors = 2, RetryAfterSeconds = 0 };
        await using var host = await ClientHost.StartAsync(simulator.BaseAddress);

        var info = await host.Client.GetRepoInfoAsync(HubRepo.Model(ShippedRepos.Wan), "main", CancellationToken.None);

        info.Sha.ShouldBe(simulator.Catalog[ShippedRepos.Wan].Main.Sha);
        simulator.Catalog.Requests.Count.ShouldBe(5);
    }

    [Fact]
    public async Task When_asked_for_what_does_not_exist_Should_say_which()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var host = await ClientHost.StartAsync(simulator.BaseAddress);

        var repo = await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(HubRepo.Model("nobody/nothing"), "main", CancellationToken.None));
        var revision = await Should.ThrowAsync<HubException>(host.Client.GetRepoInfoAsync(HubRepo.Model(ShippedRepos.Wan), "no-such-branch", CancellationToken.None));

        repo.Error.ShouldBe(HubError.RepoNotFound);
        revision.Error.ShouldBe(HubError.RevisionNotFound);
    }
}
