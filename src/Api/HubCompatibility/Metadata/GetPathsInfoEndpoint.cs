using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.Repositories;
using ModelHub.Persistence;
using ModelHub.Storage;

namespace ModelHub.Api.HubCompatibility.Metadata;

/// <summary>
/// <c>POST /api/models/{org}/{name}/paths-info/{rev}</c>: tree entries for the paths asked, from a
/// form body (<c>paths=…&amp;paths=…&amp;expand=</c>, Python) or a JSON one (<c>{"paths": [...], "expand"}</c>, JS).
/// Paths that do not exist are left out.
/// </summary>
internal static class GetPathsInfoEndpoint
{
    /// <summary>The most paths one request may ask about (each one not found as a file costs a query).</summary>
    public const int MaxPaths = 1000;

    public static async Task<Results<JsonHttpResult<List<TreeEntry>>, HubApiError, HubRedirect>> HandleAsync(
        HttpContext context, HubRepositories repositories, ModelHubDbContext db, CancellationToken cancellationToken)
    {
        if (HubRoute.RevisionAndPath(context, skip: HubRouteShape.Of(context).ApiRouteSkip) is not var (revision, rest))
        {
            return HubApiError.BadRequest("The route is /api/models/{org}/{name}/paths-info/{revision}.");
        }

        var (paths, expand, problem) = await ReadBodyAsync(context.Request, cancellationToken);
        if (problem is not null)
        {
            return HubApiError.BadRequest(problem);
        }

        var (resolved, error, moved) = await repositories.ResolveAsync(
            HubRouteShape.Of(context).Type, HubRouteShape.RepoIdOf(context), rest is null ? revision : $"{revision}/{rest}", cancellationToken);
        if (resolved is null)
        {
            return moved is null ? error! : moved;
        }

        // A path the store could not hold (NUL, '..', over-long) names nothing: left out like any missing path.
        var wanted = paths.Select(p => p.Trim('/')).Where(p => RepoPaths.Validate(p) is null).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count > MaxPaths)
        {
            return HubApiError.BadRequest($"Ask about at most {MaxPaths} paths per request (got {wanted.Count}).");
        }

        var files = await HubFileQueries.OfCommitAsync(db, resolved, cancellationToken, a => wanted.Contains(a.Path));
        var lastCommit = expand ? await LastCommit.OfAsync(db, resolved, cancellationToken) : null;
        var entries = files.Select(f => TreeEntry.File(f, lastCommit)).ToList();

        foreach (var folder in wanted.Except(files.Select(f => f.Path), StringComparer.Ordinal))
        {
            var inside = await HubFileQueries.OfCommitAsync(db, resolved, cancellationToken, a => a.Path.StartsWith(folder + "/"));
            if (inside.Count > 0)
            {
                // A folder's id depends only on what is below it: its files suffice to compute it.
                entries.Add(TreeEntry.Directory(folder, new CommitTree(inside).FolderOid(folder), lastCommit));
            }
        }

        return TypedResults.Json(entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToList(), HubJson.Options);
    }

    private static async Task<(List<string> Paths, bool Expand, string? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(cancellationToken);
                return ([.. form["paths"].OfType<string>()], HubJson.Flag(form["expand"]), null);
            }
            catch (InvalidDataException e)
            {
                // The form reader's own limits (1,024 values, 4 MB a value): the client's mistake, not a server error.
                return ([], false, $"The form cannot be read: {e.Message}");
            }
        }

        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            var root = body.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Array)
            {
                return ([], false, "The body must be a form with 'paths' or JSON {\"paths\": [...], \"expand\": bool}.");
            }

            var expand = root.TryGetProperty("expand", out var flag) && flag.ValueKind == JsonValueKind.True;
            return ([.. paths.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!)], expand, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-16 (a lone surrogate, "\ud800").
            return ([], false, $"The body is not valid JSON: {e.Message}");
        }
    }
}
