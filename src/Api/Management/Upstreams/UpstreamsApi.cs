namespace ModelHub.Api.Management.Upstreams;

internal static class UpstreamsApi
{
    public static IEndpointRouteBuilder MapUpstreamsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("").WithTags("Upstreams")
            .MapGet("/upstreams", ListUpstreamsEndpoint.Handle)
            .WithName("ListUpstreams")
            .WithSummary("The upstreams in the order they are tried, their role, and how they answer this Api: reachable, circuit, last error, wrong bytes served.");
        return routes;
    }
}
