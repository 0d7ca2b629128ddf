using ModelHub.Api.HubCompatibility.Access;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.Files;
using ModelHub.Api.HubCompatibility.Metadata;
using ModelHub.Api.Registry;
using ModelHub.Contracts.Repositories;

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

        // The same handlers at a model's addresses and a dataset's (api/datasets/…, datasets/…/resolve/…).
        foreach (var type in new[] { RepoType.Model, RepoType.Dataset })
        {
            var typed = hub.MapGroup("").WithMetadata(new HubRouteType(type));
            var api = $"/api/{type.Collection()}/{{org}}/{{name}}";
            var files = type == RepoType.Model ? "/{org}/{name}" : "/datasets/{org}/{name}";
            typed.MapGet(api, GetRepoInfoEndpoint.HandleAsync);
            typed.MapGet($"{api}/revision/{{**revision}}", GetRepoInfoEndpoint.HandleAsync);
            typed.MapGet($"{api}/tree/{{**rest}}", ListTreeEndpoint.HandleAsync);
            typed.MapPost($"{api}/paths-info/{{**rest}}", GetPathsInfoEndpoint.HandleAsync);
            typed.MapMethods($"{files}/resolve/{{**rest}}", [HttpMethods.Get, HttpMethods.Head], ResolveFileEndpoint.HandleAsync);
            typed.MapMethods($"{files}/raw/{{**rest}}", [HttpMethods.Get, HttpMethods.Head], GetRawFileEndpoint.HandleAsync);
        }

        return routes;
    }
}
