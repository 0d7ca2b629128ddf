using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ModelHub.UpstreamSimulator.Catalog;
using Xunit.Abstractions;

namespace ModelHub.UpstreamSimulator.Tests.Datasets;

public sealed class ImageFolderTests(SimulatorFixture sim, ITestOutputHelper output) : IClassFixture<SimulatorFixture>
{
    private const string Images = ShippedRepos.ImageFolderDataset;

    [Fact]
    public async Task When_the_image_folder_is_listed_recursively_Should_page_every_one_of_its_100000_files_by_1000_in_seconds()
    {
        var count = sim.Host.Options.ImageFolderFileCount;
        var url = $"{sim.Host.BaseAddress}api/datasets/{Images}/tree/main?recursive=true&expand=false";

        var clock = Stopwatch.StartNew();
        var pages = await sim.ListAllAsync(url);
        clock.Stop();
        output.WriteLine($"Listed {pages.Sum(p => p.Entries.Count)} entries of {Images} in {pages.Count} pages in {clock.Elapsed.TotalSeconds:F2} s (first listing: the repository is built and hashed).");

        count.ShouldBe(100_000);
        var entries = pages.SelectMany(p => p.Entries).ToList();
        var files = entries.Where(e => e.GetProperty("type").GetString() == "file").Select(e => e.GetProperty("path").GetString()!).ToList();
        files.Count.ShouldBe(count + 3);
        files.Distinct().Count().ShouldBe(files.Count);
        files.ShouldContain(ImageFolderRepo.PathOf(0));
        files.ShouldContain(ImageFolderRepo.PathOf(count - 1));
        files.ShouldContain(ImageFolderRepo.MetadataCsv);
        entries.Count(e => e.GetProperty("type").GetString() == "directory").ShouldBe(1 + ImageFolderRepo.ClassCount);
        pages.Count.ShouldBe((entries.Count + 999) / 1000);
        pages.SkipLast(1).ShouldAllBe(p => p.Entries.Count == 1000 && p.Next!.StartsWith(url + "&cursor=", StringComparison.Ordinal));
        pages[^1].Next.ShouldBeNull();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task When_an_image_is_asked_for_Should_be_a_small_lfs_file_framed_like_a_jpeg()
    {
        var file = sim.Catalog[RepoType.Dataset, Images].Main.File(ImageFolderRepo.PathOf(4_242));

        var bytes = await sim.DownloadAsync($"datasets/{Images}", "main", file.Path);

        file.IsLfs.ShouldBeTrue();
        bytes.Length.ShouldBe((int)file.Size);
        bytes.Length.ShouldBeInRange(300, 4_000);
        bytes[..3].ShouldBe(new byte[] { 0xFF, 0xD8, 0xFF });
        bytes[^2..].ShouldBe(new byte[] { 0xFF, 0xD9 });
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)).ShouldBe(file.Sha256);
    }

    [Fact]
    public async Task When_the_metadata_csv_is_read_Should_list_every_image_with_its_class()
    {
        var csv = Encoding.UTF8.GetString(await sim.DownloadAsync($"datasets/{Images}", "main", ImageFolderRepo.MetadataCsv));

        var lines = csv.TrimEnd('\n').Split('\n');
        lines[0].ShouldBe("file_name,label,width,height");
        lines.Length.ShouldBe(sim.Host.Options.ImageFolderFileCount + 1);
        lines[1 + 4_242].ShouldStartWith(ImageFolderRepo.PathOf(4_242)["train/".Length..] + "," + ImageFolderRepo.ClassOf(4_242) + ",");
    }

    [Fact]
    public async Task When_a_class_folder_is_listed_Should_give_only_that_class()
    {
        var entries = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/datasets/{Images}/tree/main/train/{ImageFolderRepo.ClassOf(7)}");

        entries!.Length.ShouldBe(sim.Host.Options.ImageFolderFileCount / ImageFolderRepo.ClassCount);
        entries.ShouldAllBe(e => e.GetProperty("path").GetString()!.StartsWith($"train/{ImageFolderRepo.ClassOf(7)}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_simulator_starts_Should_not_build_the_image_folder_until_it_is_asked_for()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { ImageFolderFileCount = 1_000 });
        var log = host.Catalog.Requests;
        using var http = host.CreateClient();

        (await http.GetAsync($"api/models/{ShippedRepos.Wan}")).EnsureSuccessStatusCode();
        host.Catalog.IsBuilt(RepoType.Dataset, Images).ShouldBeFalse();
        (await http.GetAsync($"api/datasets/{Images}?expand=sha")).EnsureSuccessStatusCode();
        host.Catalog.IsBuilt(RepoType.Dataset, Images).ShouldBeTrue();
        log.CountFor(RepoType.Dataset, Images, "dataset-info").ShouldBe(1);
    }
}
