using Microsoft.AspNetCore.Diagnostics;
using ModelHub.Ingest;
using ModelHub.Ingest.Events;
using ModelHub.ServiceDefaults.Caching;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Api.HubCompatibility;

/// <summary>
/// The Hugging Face Hub routes the official clients use (huggingface-hub-api.md §9), answered from
/// ModelHub's database and store, so that <c>HF_ENDPOINT</c> / <c>hubUrl</c> can point at ModelHub.
/// </summary>
internal static class HubCompatibilityApi
{
    public static IHostApplicationBuilder AddHubCompatibility(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HubApiOptions>().BindConfiguration(HubApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PullThroughOptions>().BindConfiguration(PullThroughOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddModelStore();
        builder.AddHubClient();
        builder.AddModelHubLocks();
        builder.AddIngestPipeline(ArtifactEventDelivery.BestEffort);
        builder.Services.AddSingleton<HubCallers>();
        builder.Services.AddSingleton<UpstreamGate>();
        builder.Services.AddSingleton<PullThrough>();
        builder.Services.AddSingleton<BlobUses>();
        builder.Services.AddSingleton<ResolvedFiles>();
        builder.Services.AddScoped<SyncOnDemand>();
        builder.Services.AddScoped<HubRepositories>();
        builder.Services.AddScoped<FileRequestServices>();
        return builder;
    }

    public static IEndpointRouteBuilder MapHubCompatibilityApi(this IEndpointRouteBuilder routes)
    {
        var hub = routes.MapGroup("")
            .WithTags("Hugging Face compatibility")
            .ExcludeFromDescription()
            .AddEndpointFilter(HubErrorsOnly)
            .AddEndpointFilter((context, next) => context.HttpContext.RequestServices.GetRequiredService<HubCallers>().RequireTokenAsync(context, next));

        hub.MapGet("/api/models/{org}/{name}", ModelInfoEndpoint.HandleAsync);
        hub.MapGet("/api/models/{org}/{name}/revision/{**revision}", ModelInfoEndpoint.HandleAsync);
        hub.MapGet("/api/models/{org}/{name}/tree/{**rest}", TreeEndpoint.HandleAsync);
        hub.MapPost("/api/models/{org}/{name}/paths-info/{**rest}", PathsInfoEndpoint.HandleAsync);
        hub.MapMethods("/{org}/{name}/resolve/{**rest}", [HttpMethods.Get, HttpMethods.Head], ResolveEndpoint.ResolveAsync);
        hub.MapMethods("/{org}/{name}/raw/{**rest}", [HttpMethods.Get, HttpMethods.Head], ResolveEndpoint.RawAsync);
        return routes;
    }

    /// <summary>These routes answer in the Hub's error shape: no status-code page may add a problem body (not even to a HEAD).</summary>
    private static ValueTask<object?> HubErrorsOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        return next(context);
    }
}
