using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.Repositories;
using ModelHub.Persistence;

namespace ModelHub.Api.HubCompatibility.Metadata;

/// <summary>
/// <c>GET /api/models/{org}/{name}/tree/{rev}[/{path}]?recursive=&amp;expand=&amp;cursor=</c>: one page of
/// entries ordered by path, and an absolute <c>Link: &lt;…&gt;; rel="next"</c> to this ModelHub for the next.
/// </summary>
internal static class ListTreeEndpoint
{
    public static async Task<Results<JsonHttpResult<List<TreeEntry>>, HubApiError, HubRedirect>> HandleAsync(
        HttpContext context, HubRepositories repositories, ModelHubDbContext db, IOptions<HubApiOptions> options,
        CancellationToken cancellationToken)
    {
        if (HubRoute.RevisionAndPath(context, skip: HubRouteShape.Of(context).ApiRouteSkip) is not var (revision, folder))
        {
            return HubApiError.BadRequest("The tree route is /api/models/{org}/{name}/tree/{revision}[/{path}].");
        }

        var (resolved, error, moved) = await repositories.ResolveAsync(HubRouteShape.Of(context).Type, HubRouteShape.RepoIdOf(context), revision, cancellationToken);
        if (resolved is null)
        {
            return moved is null ? error! : moved;
        }

        var files = await HubFileQueries.OfCommitAsync(db, resolved, cancellationToken);
        var tree = new CommitTree(files);
        var prefix = folder is null ? "" : folder.Trim('/');
        if (prefix.Length > 0 && !tree.IsFolder(prefix))
        {
            return HubApiError.EntryNotFound(resolved.Repository.RepoId, resolved.Commit, prefix);
        }

        var query = context.Request.Query;
        var recursive = HubJson.Flag(query["recursive"]);
        var expand = HubJson.Flag(query["expand"]);
        var lastCommit = expand ? await LastCommit.OfAsync(db, resolved, cancellationToken) : null;
        var entries = Entries(files, tree, prefix, recursive, lastCommit);

        var after = Cursor.Decode(query["cursor"]);
        var pageSize = expand ? options.Value.ExpandedTreePageSize : options.Value.TreePageSize;
        var page = entries.Where(e => after is null || string.CompareOrdinal(e.Path, after) > 0).Take(pageSize + 1).ToList();
        if (page.Count > pageSize)
        {
            page.RemoveAt(pageSize);
            context.Response.Headers.Link = $"<{NextPage(context.Request, page[^1].Path)}>; rel=\"next\"";
        }

        return TypedResults.Json(page, HubJson.Options);
    }

    private static IEnumerable<TreeEntry> Entries(List<HubFile> files, CommitTree tree, string prefix, bool recursive, LastCommit? lastCommit)
    {
        bool Inside(string path) => recursive
            ? prefix.Length == 0 || path.StartsWith(prefix + "/", StringComparison.Ordinal)
            : CommitTree.Parent(path) == prefix;

        var folders = tree.Folders.Where(Inside).Select(f => TreeEntry.Directory(f, tree.FolderOid(f), lastCommit));
        var inFiles = files.Where(f => Inside(f.Path)).Select(f => TreeEntry.File(f, lastCommit));
        return folders.Concat(inFiles).OrderBy(e => e.Path, StringComparer.Ordinal);
    }

    private static string NextPage(HttpRequest request, string lastPath)
    {
        var query = request.Query.Where(q => q.Key != "cursor")
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new KeyValuePair<string, string?>("cursor", Cursor.Encode(lastPath)));
        // The raw path as the client sent it (encoded revision and folder kept), on this ModelHub's own address.
        var path = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw && raw[0] == '/'
            ? raw.Split('?')[0]
            : request.PathBase.Add(request.Path).ToUriComponent();
        return $"{request.Scheme}://{request.Host.ToUriComponent()}{path}{QueryString.Create(query).ToUriComponent()}";
    }

    private static class Cursor
    {
        public static string Encode(string path) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(path));

        public static string? Decode(string? cursor)
        {
            if (string.IsNullOrEmpty(cursor))
            {
                return null;
            }

            try
            {
                return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor));
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
