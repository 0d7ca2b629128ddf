using ModelHub.Api.HubCompatibility.Access;
using ModelHub.Api.HubCompatibility.Files;
using ModelHub.Api.HubCompatibility.PullThrough;
using ModelHub.Api.HubCompatibility.Repositories;
using ModelHub.Ingest;
using ModelHub.Ingest.Events;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Api.HubCompatibility;

internal static class HubCompatibilityRegistration
{
    /// <summary>Sections <c>HubApi</c> and <c>PullThrough</c>, the store, the upstream client and the ingest pipeline the pull-through fetches with.</summary>
    public static IHostApplicationBuilder AddHubCompatibility(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HubApiOptions>().BindConfiguration(HubApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PullThroughOptions>().BindConfiguration(PullThroughOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddModelStore();
        builder.AddHubClient();
        builder.AddModelHubLocks();
        builder.AddIngestPipeline(ArtifactEventDelivery.BestEffort);
        builder.Services.AddSingleton<HubCallers>();
        builder.Services.AddSingleton<AccessRefresher>();
        builder.Services.AddSingleton<AccessPolicy>();
        builder.Services.AddSingleton<CallerTokenCheck>();
        builder.Services.AddSingleton<ColdFetches>();
        builder.Services.AddSingleton<BlobUses>();
        builder.Services.AddSingleton<ResolvedFiles>();
        builder.Services.AddSingleton<OpenBlobs>();
        builder.Services.AddSingleton<NotFoundAnswers>();
        builder.Services.AddScoped<SyncOnDemand>();
        builder.Services.AddScoped<HubRepositories>();
        builder.Services.AddScoped<UnsyncedFiles>();
        // Resolved once per file request, from its scope, and nothing to dispose: transient, so the scope keeps no record of it.
        builder.Services.AddTransient<FileRequestServices>();
        return builder;
    }

    /// <summary>
    /// The Hub routes' own check of their callers (<see cref="HubCallers.RequireTokenAsync"/>), for every endpoint marked
    /// <see cref="HubReadGate"/>; after routing, before the endpoint reads its request.
    /// </summary>
    public static IApplicationBuilder UseHubReadGate(this IApplicationBuilder app)
    {
        var callers = app.ApplicationServices.GetRequiredService<HubCallers>();
        return app.Use(next => context => context.GetEndpoint()?.Metadata.GetMetadata<HubReadGate>() is null
            ? next(context)
            : callers.RequireTokenAsync(context, next));
    }
}
