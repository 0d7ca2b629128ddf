using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ModelHub.IntegrationTests.Infrastructure;

public static class FixtureSettings
{
    /// <summary>What a fixture gives a host it boots: settings over the host's own configuration, and services it replaces.</summary>
    public static void UseFixtureSettings(
        this IWebHostBuilder builder, IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? configureServices)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }
}
