using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ModelHub.IntegrationTests.Admin;

/// <summary>
/// The whole stack with the Api on a real loopback port, and Debian's Chromium driven by
/// Playwright (its own browser download needs the internet): the admin page as a user sees it.
/// </summary>
public sealed class AdminFixture() : ServiceStackFixture("admin", withScanService: true, realServer: true)
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly List<IPage> _pages = [];

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialised.");

    public Uri ApiAddress { get; private set; } = null!;

    /// <summary>Where the screenshots go: <c>MODELHUB_TEST_ARTIFACTS</c> (set by <c>./hub test</c>), else a temporary folder.</summary>
    public string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(
        Environment.GetEnvironmentVariable("MODELHUB_TEST_ARTIFACTS") is { Length: > 0 } artifacts ? artifacts : Path.GetTempPath(),
        "admin-screenshots")).FullName;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var address = Api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        ApiAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

        var chromium = Environment.GetEnvironmentVariable("MODELHUB_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium is not at {chromium}: install Debian's chromium package (./hub test does).");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
        Console.WriteLine($"Admin page screenshots: {Screenshots}");
    }

    /// <param name="withKey">The operator has entered the admin key already (it lives in the tab's session storage).</param>
    public async Task<IPage> NewPageAsync(bool withKey = true)
    {
        var page = await Browser.NewPageAsync(new() { BaseURL = ApiAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        _pages.Add(page);
        if (withKey)
        {
            await page.AddInitScriptAsync($"sessionStorage.setItem('modelhub.apiKey', '{ApiFactory.AdminKey}')");
        }

        page.SetDefaultTimeout(30_000);
        return page;
    }

    /// <summary>
    /// Closes every page a test opened. A page left open keeps its job stream connected, and enough of them use up
    /// the browser's connections to the Api: a later test's requests then wait behind them.
    /// </summary>
    public async Task ClosePagesAsync()
    {
        foreach (var page in _pages)
        {
            await page.CloseAsync();
        }

        _pages.Clear();
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public override async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<AdminFixture>
{
    public const string Name = "admin";
}
