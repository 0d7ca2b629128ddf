using ModelHub.Api.HubCompatibility.Access;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.Files;
using ModelHub.Api.HubCompatibility.Metadata;

namespace ModelHub.Api.HubCompatibility;

/// <summary>
/// The Hugging Face Hub routes the official clients use (huggingface-hub-api.md §9), answered from
/// ModelHub's database and store, so that <c>HF_ENDPOINT</c> / <c>hubUrl</c> can point at ModelHub.
/// </summary>
internal static class HubCompatibilityApi
{
    public static IEndpointRouteBuilder MapHubCompatibilityApi(this IEndpointRouteBuilder routes)
    {
        var hub = routes.MapGroup("")
            .WithTags("Hugging Face compatibility")
            .ExcludeFromDescription()
            .AddEndpointFilter<HubErrorsOnlyFilter>()
            .AddEndpointFilter((context, next) => context.HttpContext.RequestServices.GetRequiredService<HubCallers>().RequireTokenAsync(context, next));

        hub.MapGet("/api/models/{org}/{name}", GetModelInfoEndpoint.HandleAsync);
        hub.MapGet("/api/models/{org}/{name}/revision/{**revision}", GetModelInfoEndpoint.HandleAsync);
        hub.MapGet("/api/models/{org}/{name}/tree/{**rest}", ListTreeEndpoint.HandleAsync);
        hub.MapPost("/api/models/{org}/{name}/paths-info/{**rest}", GetPathsInfoEndpoint.HandleAsync);
        hub.MapMethods("/{org}/{name}/resolve/{**rest}", [HttpMethods.Get, HttpMethods.Head], ResolveFileEndpoint.HandleAsync);
        hub.MapMethods("/{org}/{name}/raw/{**rest}", [HttpMethods.Get, HttpMethods.Head], GetRawFileEndpoint.HandleAsync);
        return routes;
    }
}
