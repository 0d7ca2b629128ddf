using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ModelHub.Upstream;

public static class HubClientRegistration
{
    /// <summary>
    /// <see cref="IHubClient"/> for the Hub at <c>Upstream:Endpoint</c> (else <c>HF_ENDPOINT</c>, else
    /// huggingface.co) with <c>Upstream:Token</c> (else <c>HF_TOKEN</c>), its retries and timeouts
    /// (<see cref="HubClientOptions"/>, validated on start) and a metadata cache in <c>HybridCache</c>,
    /// which uses Redis as its second level when the host registers an <c>IDistributedCache</c>.
    /// </summary>
    public static IHostApplicationBuilder AddHubClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HubClientOptions>()
            .BindConfiguration(HubClientOptions.Section)
            .PostConfigure<IConfiguration>(ApplyEnvironmentDefaults)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddHttpClient<HubClient>(http =>
            {
                // Timeouts are the resilience pipeline's (per attempt) and the client's (per call, per read).
                http.Timeout = Timeout.InfiniteTimeSpan;
                http.DefaultRequestHeaders.UserAgent.ParseAdd("ModelHub/1.0");
            })
            // The factory's per-request log lines (start, end, headers) say nothing HubErrors does not, at a cost
            // per request that a sync of 100,000 files makes 200,000 times.
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
            })
            .AddResilienceHandler(HubResilience.PipelineName, (pipeline, context) => HubResilience.Configure(
                pipeline,
                context.ServiceProvider.GetRequiredService<IOptions<HubClientOptions>>().Value,
                context.ServiceProvider.GetRequiredService<ILogger<HubClient>>()));

        builder.Services.AddHybridCache();
        builder.Services.TryAddSingleton<HubMetadataCache>();
        builder.Services.TryAddTransient<IHubClient, CachedHubClient>();
        return builder;
    }

    private static void ApplyEnvironmentDefaults(HubClientOptions options, IConfiguration configuration)
    {
        var endpoint = string.IsNullOrWhiteSpace(options.Endpoint) ? configuration["HF_ENDPOINT"] : options.Endpoint;
        options.Endpoint = (string.IsNullOrWhiteSpace(endpoint) ? HubClientOptions.DefaultEndpoint : endpoint).Trim().TrimEnd('/');

        var token = string.IsNullOrWhiteSpace(options.Token) ? configuration["HF_TOKEN"] : options.Token;
        options.Token = string.IsNullOrWhiteSpace(token) ? null : token.Trim();
    }
}
