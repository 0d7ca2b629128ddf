using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>
/// A real worker service (SyncService, DownloadService), in process, on a fixture's database,
/// broker virtual host, store and upstream. <typeparamref name="TEntryPoint"/> is any public type of
/// the service's assembly: every web host has a <c>Program</c>, so that name is ambiguous here.
/// </summary>
public sealed class WorkerFactory<TEntryPoint>(
    IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseFixtureSettings(settings, configureServices);
    }
}
