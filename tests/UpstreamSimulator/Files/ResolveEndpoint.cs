using System.Globalization;
using System.Text;
using ModelHub.UpstreamSimulator.Api;
using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Content;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.UpstreamSimulator.Files;

/// <summary>
/// <c>HEAD</c>/<c>GET /{id}/resolve/{rev}/{path}</c> and <c>/raw/</c> (contract §1.4), and the same under
/// <c>/datasets/</c>: regular files answer with their bytes, LFS files with a 302 to the CDN carrying
/// the metadata headers.
/// </summary>
internal static class ResolveEndpoint
{
    public static IEndpointRouteBuilder MapFileEndpoints(this IEndpointRouteBuilder endpoints)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];

        // Which of resolve/raw, and where the id ends, is read from the raw path; the routes only pick the type.
        foreach (var pattern in (string[])["/{org}/{name}/resolve/{**rest}", "/{org}/{name}/raw/{**rest}", "/{name}/resolve/{**rest}", "/{name}/raw/{**rest}"])
        {
            endpoints.MapMethods(pattern, methods, (HttpContext c, RepoCatalog r, CdnLinks l) => HandleAsync(c, r, l, RepoType.Model));
        }

        endpoints.MapMethods("/datasets/{**rest}", methods, (HttpContext c, RepoCatalog r, CdnLinks l) => HandleAsync(c, r, l, RepoType.Dataset));
        endpoints.MapMethods("/cdn/repos/{**rest}", methods, (HttpContext c, RepoCatalog r, CdnLinks l) => CdnEndpoint.HandleAsync(c, r, l, RepoType.Model));
        endpoints.MapMethods("/cdn/datasets/{**rest}", methods, (HttpContext c, RepoCatalog r, CdnLinks l) => CdnEndpoint.HandleAsync(c, r, l, RepoType.Dataset));
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context, RepoCatalog catalog, CdnLinks links, RepoType type)
    {
        // [datasets /] id (1 or 2 segments) / resolve|raw / rev… / path…
        var start = type == RepoType.Model ? 0 : 1;
        if (RepoRoute.ForFiles(catalog, type, RawPath.RawSegments(context), start) is not var (target, at))
        {
            RepoAccess.Tag(context, type, null, "unknown");
            await HubErrors.WriteAsync(context, HubErrors.PageNotFound);
            return;
        }

        var segments = RawPath.Segments(context);
        var raw = segments[at] == "raw";
        if (await RepoAccess.OpenAsync(context, catalog, target, raw ? "raw" : "resolve", forContent: true) is not { } repo)
        {
            return;
        }

        var (revision, next) = segments.Length > at + 1 ? RawPath.TakeRevision(segments, at + 1) : ("", segments.Length);
        var path = RawPath.JoinFrom(segments, next);
        var faults = RepoAccess.Faults(catalog, repo, path);
        if (await faults.TryFailAsync(context, "resolvers"))
        {
            return;
        }

        var commit = repo.Resolve(revision);
        if (commit is null)
        {
            await HubErrors.WriteAsync(context, HubErrors.RevisionNotFound(revision));
            return;
        }

        var file = commit.FindFile(path);
        if (file is null)
        {
            await HubErrors.WriteAsync(context, HubErrors.EntryNotFound(path, commit.Sha));
            return;
        }

        var headers = context.Response.Headers;
        headers["X-Repo-Commit"] = commit.Sha;
        if (raw)
        {
            var blob = file.LfsPointer is { } pointer ? FileContent.FromText(pointer) : file.Content;
            headers.ETag = $"\"{faults.ETagOf(file.GitOid)}\"";
            headers.ContentType = "text/plain; charset=utf-8";
            await ContentResponder.ServeAsync(context, blob, faults);
        }
        else if (file.IsLfs)
        {
            await RedirectToCdnAsync(context, catalog, links, repo, commit, file, faults);
        }
        else
        {
            headers.ETag = $"\"{faults.ETagOf(file.GitOid)}\"";
            headers.ContentType = ContentResponder.ContentTypeOf(file.Path);
            headers.ContentDisposition = ContentResponder.ContentDisposition(file.Path, "inline");
            await ContentResponder.ServeAsync(context, file.Content, faults);
        }
    }

    // The metadata sits on the 302 itself; the CDN's answer has none of it (contract §1.4). Like huggingface.co today, an
    // LFS file is announced as Xet-stored too (contract §5): its Xet hash, where a Xet token comes from, and how to
    // rebuild it. A client with hf_xet would leave the mirror here: ModelHub must pass none of it on.
    private static Task RedirectToCdnAsync(HttpContext context, RepoCatalog catalog, CdnLinks links, SimRepo repo, SimCommit commit, SimFile file, FaultScope faults)
    {
        catalog.PublishToCdn(repo, file);
        var location = links.Create(context.Request, repo, file);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status302Found;
        response.Headers.Location = location;
        response.Headers.ETag = $"\"{faults.ETagOf(file.Sha256)}\"";
        response.Headers["X-Linked-Etag"] = $"\"{faults.ETagOf(file.Sha256)}\"";
        response.Headers["X-Linked-Size"] = file.Size.ToString(CultureInfo.InvariantCulture);
        var tokenRoute = $"/api/{repo.Type.ApiSegment()}/{repo.Id}/xet-read-token/{commit.Sha}";
        response.Headers["X-Xet-Hash"] = file.XetHash;
        response.Headers["X-Xet-Refresh-Route"] = tokenRoute;
        var host = $"{context.Request.Scheme}://{context.Request.Host}";
        response.Headers.Link =
            $"<{host}{tokenRoute}>; rel=\"xet-auth\", <{host}/xet/reconstructions/{file.XetHash}>; rel=\"xet-reconstruction-info\"";
        response.Headers.ContentType = "text/plain; charset=utf-8";
        var body = Encoding.UTF8.GetBytes($"Found. Redirecting to {location}");
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
