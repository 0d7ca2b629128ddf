using ModelHub.Contracts.Repositories;

namespace ModelHub.Api.HubCompatibility;

/// <summary>
/// What a Hub route's address holds, attached to the route: the repository type it serves (the model and the dataset
/// routes share every handler) and how many segments its id takes — two (<c>org/name</c>), or one for a legacy id
/// (<c>gpt2</c>), which ModelHub answers with a redirect to the current name, as the Hub does.
/// </summary>
internal sealed record HubRouteShape(RepoType Type, int IdSegments)
{
    /// <summary>The segments before a file route's id: none for a model, <c>datasets</c> for a dataset.</summary>
    private int FileIdStart => Type == RepoType.Dataset ? 1 : 0;

    /// <summary>The segments before a file route's revision: <c>org/name/resolve</c>, or <c>datasets/org/name/resolve</c>.</summary>
    public int FileRouteSkip => FileIdStart + IdSegments + 1;

    /// <summary>The segments before an API route's revision: <c>api/models/org/name/tree</c>.</summary>
    public int ApiRouteSkip => 2 + IdSegments + 1;

    /// <summary>Where the id starts among the segments of a request to this route: after <c>api/models</c>, or at a file route's start.</summary>
    public int IdStart(bool apiRoute) => apiRoute ? 2 : FileIdStart;

    /// <summary>The repo id the request names, from the route's <c>org</c> and <c>name</c> values.</summary>
    public static string RepoIdOf(HttpContext context)
    {
        var values = context.Request.RouteValues;
        var name = values["name"] as string ?? throw new InvalidOperationException($"the route of {context.Request.Path} has no repository name");
        return values["org"] is string org ? $"{org}/{name}" : name;
    }

    public static HubRouteShape Of(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<HubRouteShape>()
        ?? throw new InvalidOperationException($"the route of {context.Request.Path} does not say which repository type it serves");
}
