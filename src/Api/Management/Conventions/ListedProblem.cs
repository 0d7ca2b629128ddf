using Microsoft.AspNetCore.Http.HttpResults;

namespace ModelHub.Api.Management.Conventions;

/// <summary>Problem details that carry the items they are about under a name of their own (<c>unknown_ids</c>, <c>missing_paths</c>).</summary>
internal static class ListedProblem
{
    public static ProblemHttpResult Of(int status, string title, string detail, string? listName = null, object? list = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail,
            extensions: listName is null ? null : new Dictionary<string, object?> { [listName] = list });
}
