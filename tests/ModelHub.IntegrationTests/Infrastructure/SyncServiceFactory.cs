using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ModelHub.SyncService.Sync;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>The real SyncService, in process, on a fixture's database, broker virtual host, store and upstream.</summary>
public sealed class SyncServiceFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<SyncOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
