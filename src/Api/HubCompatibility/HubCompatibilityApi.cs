using ModelHub.Api.HubCompatibility.Access;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.Files;
using ModelHub.Api.HubCompatibility.Metadata;
using ModelHub.Api.Registry;
using ModelHub.Api.Security;
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
            .WithMetadata(JudgesOwnCallers.Instance)
            .WithMetadata(HubErrorsOnly.Instance)
            .WithMetadata(HubReadGate.Instance);

        // The same handlers at a model's addresses and a dataset's (api/datasets/…, datasets/…/resolve/…), for an
        // org/name id and for a legacy one-segment id (answered with a redirect to the current name, as on the Hub).
        foreach (var type in new[] { RepoType.Model, RepoType.Dataset })
        {
            MapRoutes(hub, new HubRouteShape(type, IdSegments: 2), "{org}/{name}");

            // A one-segment route asks for at least one segment after its literal, so it never hides an org/name id
            // whose name is a literal (a model called tree: api/models/org/tree).
            MapRoutes(hub, new HubRouteShape(type, IdSegments: 1), "{name}", "{first}/");
        }

        return routes;
    }

    private static void MapRoutes(RouteGroupBuilder hub, HubRouteShape shape, string id, string first = "")
    {
        var typed = hub.MapGroup("").WithMetadata(shape);
        var api = $"/api/{shape.Type.Collection()}/{id}";
        var files = shape.Type == RepoType.Model ? $"/{id}" : $"/datasets/{id}";
        typed.MapGet(api, GetRepoInfoEndpoint.HandleAsync);
        typed.MapGet($"{api}/revision/{first}{{**revision}}", GetRepoInfoEndpoint.HandleAsync);
        typed.MapGet($"{api}/tree/{first}{{**rest}}", ListTreeEndpoint.HandleAsync);
        typed.MapPost($"{api}/paths-info/{first}{{**rest}}", GetPathsInfoEndpoint.HandleAsync);
        typed.MapGet($"{api}/xet-read-token/{first}{{**rest}}", XetReadTokenEndpoint.Handle);
        typed.MapMethods($"{files}/resolve/{first}{{**rest}}", [HttpMethods.Get, HttpMethods.Head], ResolveFileEndpoint.HandleAsync);
        typed.MapMethods($"{files}/raw/{first}{{**rest}}", [HttpMethods.Get, HttpMethods.Head], GetRawFileEndpoint.HandleAsync);
    }
}
