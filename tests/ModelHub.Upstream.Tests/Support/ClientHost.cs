using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ModelHub.Upstream.Tests.Support;

/// <summary>A host with only <c>AddHubClient()</c>, fast retry settings unless a test says otherwise, and every log line kept.</summary>
internal sealed class ClientHost : IAsyncDisposable
{
    public const string Token = "hf_SecretTestToken0123456789";

    private readonly IHost _host;

    private ClientHost(IHost host, CapturedLogs logs)
    {
        _host = host;
        Logs = logs;
    }

    public IHubClient Client => _host.Services.GetRequiredService<IHubClient>();

    public IServiceProvider Services => _host.Services;

    public CapturedLogs Logs { get; }

    public static Task<ClientHost> StartAsync(Uri endpoint, params (string Key, string? Value)[] settings) =>
        StartAsync([("Upstream:Endpoint", endpoint.ToString()), .. settings]);

    public static async Task<ClientHost> StartAsync(IEnumerable<(string Key, string? Value)> settings, Action<IServiceCollection>? services = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var defaults = new Dictionary<string, string?>
        {
            ["Upstream:RetryBaseDelay"] = "00:00:00.010",
            ["Upstream:MaxRetryDelay"] = "00:00:00.200",
            ["Upstream:AttemptTimeout"] = "00:00:05",
            ["Upstream:MetadataTimeout"] = "00:00:10",
        };
        foreach (var (key, value) in settings)
        {
            defaults[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(defaults);
        var logs = new CapturedLogs();
        builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        services?.Invoke(builder.Services);
        builder.AddHubClient();
        var host = builder.Build();
        await host.StartAsync();
        return new ClientHost(host, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
