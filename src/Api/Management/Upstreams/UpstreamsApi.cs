namespace ModelHub.Api.Management.Upstreams;

internal static class UpstreamsApi
{
    public static IEndpointRouteBuilder MapUpstreamsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("").WithTags("Upstreams")
            .MapGet("/upstreams", ListUpstreamsEndpoint.Handle)
            .WithName("ListUpstreams")
            .WithSummary("The upstreams in the order they are tried, their role, and how they answer this Api: reachable, circuit, last error, wrong bytes served.");
        routes.MapGroup("").WithTags("Upstreams")
            .MapGet("/upstreams/processes", ListProcessUpstreamsEndpoint.HandleAsync)
            .WithName("ListProcessUpstreams")
            .WithSummary("How the upstreams answer each process: this Api's view, then every worker's and other Api's, shared through Redis every Upstream:StatusShareInterval.");
        return routes;
    }
}
