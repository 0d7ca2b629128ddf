using System.Text.Json;
using System.Text.Json.Nodes;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Api;

/// <summary>
/// <c>POST /api/{models|datasets}/{id}/paths-info/{rev}</c>: Python sends a form (<c>paths</c> repeated), JS sends
/// JSON <c>{"paths": [...], "expand": true}</c> (contract §1.3). Missing paths are left out.
/// </summary>
internal static class PathsInfoEndpoint
{
    public static async Task HandleAsync(HttpContext context, RepoCatalog catalog, RepoTarget target, string revision)
    {
        if (await RepoAccess.OpenCommitAsync(context, catalog, target, revision, "paths-info") is not (var repo, var commit))
        {
            return;
        }

        var (paths, expand) = await ReadBodyAsync(context);
        if (paths is null)
        {
            await HubErrors.WriteAsync(context, new HubErrorReply(StatusCodes.Status400BadRequest, null, "Invalid body: expected 'paths'"));
            return;
        }

        var entries = paths.Select(p => commit.Tree.Find(p) ?? commit.Tree.Find(p.Trim('/'))).OfType<TreeNode>().DistinctBy(n => n.Path);
        var maskXet = RepoAccess.MasksXet(context, catalog, repo);
        await context.Response.WriteAsJsonAsync(new JsonArray([.. entries.Select(n => TreeEntryJson.Entry(n, commit, expand, maskXet))]), context.RequestAborted);
    }

    private static async Task<(List<string>? Paths, bool Expand)> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            return ([.. form["paths"].OfType<string>()], RepoInfoEndpoint.IsTrue(form["expand"].ToString()));
        }

        try
        {
            using var json = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Array)
            {
                return (null, false);
            }

            var expand = root.TryGetProperty("expand", out var e) && e.ValueKind == JsonValueKind.True;
            return ([.. paths.EnumerateArray().Select(p => p.GetString()).OfType<string>()], expand);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }
}
