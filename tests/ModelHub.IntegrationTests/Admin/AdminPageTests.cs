using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ModelHub.IntegrationTests.Admin;

/// <summary>The admin page in headless Chromium against the running Api, workers and simulator upstream.</summary>
[Collection(AdminCollection.Name)]
public sealed partial class AdminPageTests(AdminFixture fixture) : IAsyncLifetime
{
    private const string Repo = "admin/demo";
    private const int WeightBytes = 3 * 1024 * 1024;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        fixture.Simulator.Catalog.RemoveRepo(Repo);
        fixture.Simulator.Catalog.AddRepo(Repo, commit => commit
            .Text("README.md", "# Admin demo\n")
            .Text("config.json", """{"model_type": "demo"}""")
            .Generated("weights/part-1.safetensors", WeightBytes)
            .Generated("weights/part-2.safetensors", WeightBytes)
            .Generated("extra.bin", 2 * 1024 * 1024));
    }

    public Task DisposeAsync() => fixture.ClosePagesAsync();

    [Fact]
    public async Task When_an_operator_registers_syncs_browses_downloads_and_retries_Should_see_each_step_and_the_storage()
    {
        var page = await fixture.NewPageAsync();

        // Repositories: a bad id is refused next to the field, a good one registered and synced.
        await page.GotoAsync("/");
        await page.GetByLabel("Repo id").FillAsync("admin/bad--id");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register and sync" }).ClickAsync();
        await Expect(page.Locator("[data-error-for=repo_id]")).ToContainTextAsync("'--'");
        await Expect(page.GetByLabel("Repo id")).ToHaveAttributeAsync("aria-invalid", "true");
        await fixture.ScreenshotAsync(page, "1-repositories-validation");

        await page.GetByLabel("Repo id").FillAsync(Repo);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register and sync" }).ClickAsync();
        await page.WaitForURLAsync($"**/repos/{Repo}");
        await Expect(page.Locator("tr[data-file]")).ToHaveCountAsync(3, new() { Timeout = 60_000 });
        await Expect(page.Locator("tr.folder")).ToContainTextAsync("weights/");
        await fixture.ScreenshotAsync(page, "2-repository");

        // Into the folder: select both weights and download them, slowly enough to watch.
        fixture.Simulator.Catalog[Repo].Faults.BytesPerSecond = 1_500_000;
        await page.GetByRole(AriaRole.Link, new() { Name = "weights/" }).ClickAsync();
        await page.GetByLabel("part-1.safetensors").CheckAsync();
        await page.GetByLabel("part-2.safetensors").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Download selected" }).ClickAsync();
        await page.WaitForURLAsync(JobsOfTheRepo());

        var bars = page.Locator("tr[data-kind=download] progress");
        await Expect(bars).ToHaveCountAsync(2);
        var midway = await WaitForAsync(async () => (await BarValuesAsync(bars)).Any(v => v is > 0 and < 100));
        midway.ShouldBeTrue("a progress bar was seen between 0 and 100 %");
        await Expect(page.Locator("tr[data-kind=download] [data-field=progress]").First).ToContainTextAsync(ProgressPattern());
        await fixture.ScreenshotAsync(page, "3-jobs-downloading");
        await Expect(page.Locator("tr[data-kind=download][data-state=completed]")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        (await BarValuesAsync(bars)).ShouldAllBe(v => v == 100);
        await fixture.ScreenshotAsync(page, "4-jobs-completed");

        // A download that fails once (corrupt bytes) shows its error; Retry completes it.
        fixture.Simulator.Catalog[Repo].Faults = new() { CorruptedBodies = 1 };
        await page.GotoAsync($"/repos/{Repo}");
        await page.GetByLabel("extra.bin").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Download selected" }).ClickAsync();
        await page.WaitForURLAsync(JobsOfTheRepo());
        var failed = page.Locator("tr[data-kind=download][data-state=failed]");
        await Expect(failed).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(failed.Locator("[data-field=error]")).ToContainTextAsync("checksum mismatch");
        await fixture.ScreenshotAsync(page, "5-job-failed");
        await failed.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Expect(page.Locator("tr[data-kind=download][data-state=completed]")).ToHaveCountAsync(3, new() { Timeout = 60_000 });
        await Expect(page.Locator("tr[data-kind=download] [data-field=attempts]", new() { HasText = "attempt 2" })).ToHaveCountAsync(1);

        // Storage: the chart has a bar for the repository; a verify starts from here.
        await page.GotoAsync("/storage");
        await Expect(page.Locator($"svg.chart g[data-bar='{Repo}'] rect")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-figure=bytes]")).ToContainTextAsync("MB");
        await fixture.ScreenshotAsync(page, "6-storage");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify every blob" }).ClickAsync();
        await page.WaitForURLAsync(ScanJobs());
        await Expect(page.Locator("tr[data-kind=scan][data-state=completed]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(page.Locator("tr[data-kind=scan] [data-field=summary]")).ToContainTextAsync("0 corrupt");
        await fixture.ScreenshotAsync(page, "7-scan-completed");
    }

    [Fact]
    public async Task When_the_upstreams_tab_is_opened_Should_show_the_upstream_its_role_and_circuit()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/upstreams");

        var row = page.Locator($"tr[data-upstream='{new Uri(fixture.Simulator.BaseAddress.ToString()).Authority}']:not([data-process])");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("[data-field=circuit]")).ToContainTextAsync("none (the only upstream)");
        // The workers' own views, as they shared them through Redis.
        var authority = new Uri(fixture.Simulator.BaseAddress.ToString()).Authority;
        await Expect(page.Locator($"tr[data-process^='DownloadService on '][data-upstream='{authority}']")).ToHaveCountAsync(1);
        await Expect(page.Locator($"tr[data-process^='SyncService on '][data-upstream='{authority}']")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Upstreams" })).ToHaveCountAsync(1);
        await fixture.ScreenshotAsync(page, "8-upstreams");
    }

    [Fact]
    public async Task When_an_operator_registers_a_dataset_Should_land_on_its_page_and_find_it_under_datasets()
    {
        const string dataset = "sim/shared-name";
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByLabel("Type", new() { Exact = true }).SelectOptionAsync("dataset");
        await page.GetByLabel("Repo id").FillAsync(dataset);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register and sync" }).ClickAsync();

        await page.WaitForURLAsync($"**/datasets/{dataset}");
        await Expect(page.Locator("h1 .badge.dataset")).ToHaveTextAsync("dataset");
        await Expect(page.Locator("tr[data-file]")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        await page.GotoAsync("/?type=dataset");
        await Expect(page.Locator($"tr[data-repo='{dataset}'] a")).ToHaveAttributeAsync("href", $"/datasets/{dataset}");
        await page.GotoAsync("/");
        await Expect(page.Locator($"tr[data-repo='{dataset}']")).ToHaveCountAsync(0);
        await fixture.ScreenshotAsync(page, "8-dataset");
    }

    [Fact]
    public async Task When_pinning_and_filtering_from_the_keyboard_Should_work()
    {
        await fixture.CreateClient().SyncAsync(Repo);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/repos/{Repo}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Pin (never evict)" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Unpin" })).ToBeVisibleAsync();
        await Expect(page.Locator("h1 .badge.pinned")).ToHaveTextAsync("pinned");

        await page.GotoAsync("/jobs");
        await page.GetByLabel("Kind").SelectOptionAsync("download");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.WaitForURLAsync(DownloadJobs());
        await Expect(page.GetByText("No job matches.")).ToBeVisibleAsync();
        await page.GetByLabel("Kind").SelectOptionAsync("sync");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.Locator("tr[data-kind=sync][data-state=completed]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task When_an_admin_sets_who_may_read_a_repository_on_its_page_Should_show_the_recorded_access()
    {
        await fixture.CreateClient().SyncAsync(Repo);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/repos/{Repo}");
        await Expect(page.Locator("h1 .badge.access")).ToHaveTextAsync("public");

        await page.GetByLabel("Access").SelectOptionAsync("gated");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set access" }).ClickAsync();

        await Expect(page.Locator("h1 .badge.access")).ToHaveTextAsync("gated");
        var record = await (await fixture.CreateClient().GetAsync($"/v1/hub/models/{Repo}")).ReadJsonAsync();
        (record["access"]!.GetValue<string>(), record["access_set_by_admin"]!.GetValue<bool>()).ShouldBe(("gated", true));
    }

    [Fact]
    public async Task When_cancel_is_pressed_on_a_running_download_Should_cancel_it_and_offer_a_retry()
    {
        var client = fixture.CreateClient();
        await client.SyncAsync(Repo);
        fixture.Simulator.Catalog[Repo].Faults.BytesPerSecond = 200_000;
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/repos/{Repo}");
        await page.GetByLabel("extra.bin").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Download selected" }).ClickAsync();
        await page.WaitForURLAsync(JobsOfTheRepo());

        var row = page.Locator("tr[data-kind=download]");
        await Expect(row).ToHaveAttributeAsync("data-state", "running", new() { Timeout = 30_000 });
        await row.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Expect(row).ToHaveAttributeAsync("data-state", "cancelled", new() { Timeout = 30_000 });
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "8-job-cancelled");
    }

    [Fact]
    public async Task When_a_snapshot_fails_for_one_file_Should_show_one_bar_and_list_the_failed_file()
    {
        var client = fixture.CreateClient();
        await client.SyncAsync(Repo);
        fixture.Simulator.Catalog[Repo].FileFaults("extra.bin").ServerErrors = 1000;
        var id = (await client.SubmitDownloadsAsync(new { repo_id = Repo })).Single();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/jobs?repo_id={Repo}");

        var row = page.Locator($"tr[data-job='{id}']");
        await Expect(page.Locator("tr[data-kind=snapshot]")).ToHaveCountAsync(1);
        await Expect(row).ToHaveAttributeAsync("data-state", "failed", new() { Timeout = 60_000 });
        await Expect(row.Locator("[data-field=progress]")).ToContainTextAsync("4 of 5 files · 1 failed");
        var failed = row.Locator("details.failed-items");
        await Expect(failed).ToBeVisibleAsync();
        await failed.Locator("summary").ClickAsync();
        await Expect(failed.Locator("li")).ToHaveCountAsync(1);
        await Expect(failed.Locator("li code")).ToHaveTextAsync("extra.bin");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "9-snapshot-failed");
    }

    [Fact]
    public async Task When_a_change_is_made_without_a_key_Should_ask_for_one_and_then_go_through()
    {
        var page = await fixture.NewPageAsync(withKey: false);
        await page.GotoAsync("/");
        await page.GetByLabel("Repo id").FillAsync(Repo);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register and sync" }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "API key" });
        await Expect(dialog).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "0-api-key-prompt");
        await dialog.GetByLabel("Key").FillAsync(ApiFactory.AdminKey);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();

        await page.WaitForURLAsync($"**/repos/{Repo}");
        (await page.EvaluateAsync<string>("sessionStorage.getItem('modelhub.apiKey')")).ShouldBe(ApiFactory.AdminKey);
    }

    private static async Task<double[]> BarValuesAsync(ILocator bars) =>
        [.. (await bars.EvaluateAllAsync<double[]>("elements => elements.map(e => e.value)"))];

    private static Task<bool> WaitForAsync(Func<Task<bool>> condition) =>
        Poll.UntilOrLastAsync(condition, met => met, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(50));

    [GeneratedRegex(@"MB of 3\.1 MB")]
    private static partial Regex ProgressPattern();

    // Playwright's globs read '?' as one character: the query strings are matched with expressions.
    [GeneratedRegex(@"/jobs\?repo_id=admin(/|%2F)demo$")]
    private static partial Regex JobsOfTheRepo();

    [GeneratedRegex(@"/jobs\?kind=scan$")]
    private static partial Regex ScanJobs();

    [GeneratedRegex(@"/jobs\?state=&kind=download$")]
    private static partial Regex DownloadJobs();
}
