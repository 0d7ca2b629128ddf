using MassTransit;
using ModelHub.Api.Artifacts;
using ModelHub.Api.Security;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Api.Repositories;

internal static class RepositoriesApi
{
    public static IHostApplicationBuilder AddRepositories(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<RepositoryRegistry>();
        builder.Services.AddHybridCache();
        builder.Services.AddSingleton<RepositorySummaryCache>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRepositoriesApi(this IEndpointRouteBuilder routes)
    {
        var hub = routes.MapGroup("/v1/hub").WithTags("Repositories");
        hub.MapPost("/register", RegisterRepositoryEndpoint.HandleAsync)
            .RequireAdminKey()
            .WithName("RegisterRepository")
            .WithSummary("Registers a Hugging Face repository for mirroring (idempotent).");
        hub.MapGet("/models", ListModelsEndpoint.HandleAsync)
            .WithName("ListModels")
            .WithSummary("Lists registered repositories, a page at a time.");
        hub.MapGet("/models/{org}/{name}", GetModelEndpoint.HandleAsync)
            .WithName("GetModel")
            .WithSummary("One registered repository with its file counts and sizes.");
        hub.MapGet("/models/{org}/{name}/files", ListFilesEndpoint.HandleAsync)
            .WithName("ListModelFiles")
            .WithSummary("The files of a synced revision, as a flat paged list or one folder at a time.");
        return routes;
    }

    /// <summary>A temporary queue per Api instance: cache invalidation must reach every instance.</summary>
    public static IBusRegistrationConfigurator AddRepositoryCacheInvalidation(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<RepositoryChangedConsumer>().Endpoint(endpoint => endpoint.PerInstance());
        return bus;
    }

    public static string LocationOf(string repoId) => $"/v1/hub/models/{repoId}";
}
