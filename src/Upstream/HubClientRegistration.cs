using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Upstream.Sources;

namespace ModelHub.Upstream;

public static class HubClientRegistration
{
    /// <summary>
    /// <see cref="IHubClient"/> for the upstreams of <c>Upstream:Endpoints</c>, or the one Hub at <c>Upstream:Endpoint</c>
    /// (else <c>HF_ENDPOINT</c>, else huggingface.co) with <c>Upstream:Token</c> (else <c>HF_TOKEN</c>): each its named
    /// <see cref="HttpClient"/> with its retries, circuit and timeouts (<see cref="HubClientOptions"/>, validated on start),
    /// failed over in order by <see cref="FailoverHubClient"/>, with a metadata cache in <c>HybridCache</c>, which uses
    /// Redis as its second level when the host registers an <c>IDistributedCache</c>.
    /// </summary>
    public static IHostApplicationBuilder AddHubClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HubClientOptions>()
            .BindConfiguration(HubClientOptions.Section)
            .PostConfigure<IConfiguration>(ApplyEnvironmentDefaults)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The named clients are made now, so the list is read now; the options validated on start read it again.
        var configured = new HubClientOptions();
        builder.Configuration.GetSection(HubClientOptions.Section).Bind(configured);
        ApplyEnvironmentDefaults(configured, builder.Configuration);
        foreach (var endpoint in UpstreamSet.From(configured).All)
        {
            AddUpstreamHttpClient(builder.Services, endpoint);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(services => UpstreamSet.From(services.GetRequiredService<IOptions<HubClientOptions>>().Value));
        builder.Services.TryAddSingleton<UpstreamStates>();
        builder.Services.TryAddTransient<FailoverHubClient>();
        builder.Services.AddHybridCache();
        builder.Services.TryAddSingleton<HubMetadataCache>();
        builder.Services.TryAddTransient<IHubClient, CachedHubClient>();
        return builder;
    }

    private static void AddUpstreamHttpClient(IServiceCollection services, UpstreamEndpoint configured) =>
        services.AddHttpClient(configured.HttpClientName, http =>
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
            .AddResilienceHandler(HubResilience.PipelineName, (pipeline, context) =>
            {
                var endpoint = context.ServiceProvider.GetRequiredService<UpstreamSet>().All[configured.Index];
                HubResilience.Configure(
                    pipeline,
                    endpoint,
                    context.ServiceProvider.GetRequiredService<IOptions<HubClientOptions>>().Value,
                    context.ServiceProvider.GetRequiredService<UpstreamStates>(),
                    context.ServiceProvider.GetRequiredService<ILogger<HubClient>>());
            });

    private static void ApplyEnvironmentDefaults(HubClientOptions options, IConfiguration configuration)
    {
        var endpoint = string.IsNullOrWhiteSpace(options.Endpoint) ? configuration["HF_ENDPOINT"] : options.Endpoint;
        options.Endpoint = (string.IsNullOrWhiteSpace(endpoint) ? HubClientOptions.DefaultEndpoint : endpoint).Trim().TrimEnd('/');

        var token = string.IsNullOrWhiteSpace(options.Token) ? configuration["HF_TOKEN"] : options.Token;
        options.Token = string.IsNullOrWhiteSpace(token) ? null : token.Trim();
    }
}
