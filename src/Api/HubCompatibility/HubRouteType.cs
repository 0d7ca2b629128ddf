using ModelHub.Contracts.Repositories;

namespace ModelHub.Api.HubCompatibility;

/// <summary>
/// The repository type a Hub route serves, attached to the route: the model and the dataset routes share every
/// handler, and each handler asks its route which type it answers for.
/// </summary>
internal sealed record HubRouteType(RepoType Type)
{
    /// <summary>The segments before a file route's revision: <c>org/name/resolve</c>, or <c>datasets/org/name/resolve</c>.</summary>
    public int FileRouteSkip => Type == RepoType.Dataset ? 4 : 3;

    public static HubRouteType Of(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<HubRouteType>()
        ?? throw new InvalidOperationException($"the route of {context.Request.Path} does not say which repository type it serves");
}
