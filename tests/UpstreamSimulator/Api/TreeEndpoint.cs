using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Api;

/// <summary><c>GET /api/{models|datasets}/{id}/tree/{rev}[/{path}]</c>, paged with an absolute <c>Link</c> (contract §1.2, §6).</summary>
internal static class TreeEndpoint
{
    public static async Task HandleAsync(HttpContext context, RepoCatalog catalog, RepoTarget target, string revision, string folder)
    {
        var query = context.Request.Query;
        var cursor = Cursor.Parse(query["cursor"].ToString());
        if (await RepoAccess.OpenCommitAsync(context, catalog, target, cursor?.Sha ?? revision, "tree") is not (var repo, var commit))
        {
            return;
        }

        if (repo.TreeListingHold is { } hold)
        {
            await hold.WaitAsync(context.RequestAborted);
        }

        folder = folder.Trim('/');
        if (folder.Length > 0 && commit.Tree.Find(folder) is not { IsDirectory: true })
        {
            await HubErrors.WriteAsync(context, HubErrors.EntryNotFound(folder, commit.Sha));
            return;
        }

        var expand = RepoInfoEndpoint.IsTrue(query["expand"].ToString());
        var pageSize = expand ? catalog.Options.ExpandedTreePageSize : catalog.Options.TreePageSize;
        var offset = cursor?.Offset ?? 0;
        var entries = commit.Tree.List(folder, RepoInfoEndpoint.IsTrue(query["recursive"].ToString())).Skip(offset).Take(pageSize + 1).ToList();
        if (entries.Count > pageSize)
        {
            context.Response.Headers.Link = $"<{NextPageUrl(context, new Cursor(commit.Sha, offset + pageSize))}>; rel=\"next\"";
            entries.RemoveAt(pageSize);
        }

        var maskXet = RepoAccess.MasksXet(context, catalog, repo);
        var page = new JsonArray([.. entries.Select(n => TreeEntryJson.Entry(n, commit, expand, maskXet))]);
        await context.Response.WriteAsJsonAsync(page, context.RequestAborted);
    }

    // Absolute, on this host, with every query parameter of this request (clients do not re-add them).
    private static string NextPageUrl(HttpContext context, Cursor next)
    {
        var request = context.Request;
        var kept = (request.QueryString.Value ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("cursor=", StringComparison.Ordinal));
        var query = string.Join('&', kept.Append("cursor=" + next.Format()));
        return $"{request.Scheme}://{request.Host}{RawPath.Of(context)}?{query}";
    }

    /// <summary>Opaque to clients: the commit being listed (so paging survives a moving branch) and the offset.</summary>
    private readonly record struct Cursor(string Sha, int Offset)
    {
        public string Format() =>
            WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{Sha}:{Offset.ToString(CultureInfo.InvariantCulture)}"));

        public static Cursor? Parse(string value)
        {
            if (value.Length == 0)
            {
                return null;
            }

            try
            {
                var parts = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(value)).Split(':');
                return parts.Length == 2 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var offset) && offset >= 0
                    ? new Cursor(parts[0], offset)
                    : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
