using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ModelHub.Ingest.Events;
using ModelHub.Ingest.Fetching;
using ModelHub.Ingest.SmallFiles;
using ModelHub.Ingest.Upstreams;

namespace ModelHub.Ingest;

public static class IngestRegistration
{
    /// <summary>
    /// The ingest pipeline and its fetchers (scoped). Needs the database's data source, the
    /// locks, the store and the upstream client; <paramref name="delivery"/> says what a failed
    /// <c>ArtifactDownloaded</c> publish does.
    /// </summary>
    public static IHostApplicationBuilder AddIngestPipeline(this IHostApplicationBuilder builder, ArtifactEventDelivery delivery)
    {
        builder.Services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<SequentialFetcher>();
        builder.Services.AddScoped<ParallelFetcher>();
        builder.Services.AddScoped<ArtifactFetcher>();
        builder.Services.TryAddSingleton<WrongSources>();
        builder.Services.AddScoped<IngestPipeline>();
        builder.Services.AddScoped<WholeFileFetcher>();
        builder.Services.AddScoped<SmallFileIngest>();
        builder.Services.TryAddSingleton<UpstreamBoard>();
        builder.Services.AddHostedService<UpstreamBoardPublisher>();
        if (delivery == ArtifactEventDelivery.Required)
        {
            builder.Services.AddScoped<IArtifactEvents, RequiredArtifactEvents>();
        }
        else
        {
            builder.Services.AddSingleton<IArtifactEvents, BestEffortArtifactEvents>();
        }

        return builder;
    }
}
