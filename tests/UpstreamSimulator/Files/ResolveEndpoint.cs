using System.Globalization;
using System.Text;
using ModelHub.UpstreamSimulator.Api;
using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Files;

/// <summary>
/// <c>HEAD</c>/<c>GET /{id}/resolve/{rev}/{path}</c> and <c>/raw/</c> (contract §1.4): regular files
/// answer with their bytes, LFS files with a 302 to the CDN carrying the metadata headers.
/// </summary>
internal static class ResolveEndpoint
{
    public static IEndpointRouteBuilder MapFileEndpoints(this IEndpointRouteBuilder endpoints)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        endpoints.MapMethods("/{org}/{name}/resolve/{**rest}", methods, (HttpContext c, RepoCatalog r, CdnLinks l) => HandleAsync(c, r, l, raw: false));
        endpoints.MapMethods("/{org}/{name}/raw/{**rest}", methods, (HttpContext c, RepoCatalog r, CdnLinks l) => HandleAsync(c, r, l, raw: true));
        endpoints.MapMethods("/cdn/repos/{org}/{name}/{sha256}", methods, CdnEndpoint.HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context, RepoCatalog catalog, CdnLinks links, bool raw)
    {
        // org / name / resolve|raw / rev… / path…
        var segments = RawPath.Segments(context);
        var repoId = $"{segments[0]}/{segments[1]}";
        var (repo, error) = RepoAccess.Open(context, catalog, repoId, raw ? "raw" : "resolve", forContent: true);
        if (repo is null)
        {
            await HubErrors.WriteAsync(context, error!);
            return;
        }

        var (revision, next) = segments.Length > 3 ? RawPath.TakeRevision(segments, 3) : ("", segments.Length);
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
            headers.ETag = $"\"{file.GitOid}\"";
            headers.ContentType = "text/plain; charset=utf-8";
            await ContentResponder.ServeAsync(context, blob, faults);
        }
        else if (file.IsLfs)
        {
            await RedirectToCdnAsync(context, catalog, links, repo, file);
        }
        else
        {
            headers.ETag = $"\"{file.GitOid}\"";
            headers.ContentType = ContentResponder.ContentTypeOf(file.Path);
            headers.ContentDisposition = ContentResponder.ContentDisposition(file.Path, "inline");
            await ContentResponder.ServeAsync(context, file.Content, faults);
        }
    }

    // The metadata sits on the 302 itself; the CDN's answer has none of it (contract §1.4).
    private static Task RedirectToCdnAsync(HttpContext context, RepoCatalog catalog, CdnLinks links, SimRepo repo, SimFile file)
    {
        catalog.PublishToCdn(repo, file);
        var location = links.Create(context.Request, repo.Id, file);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status302Found;
        response.Headers.Location = location;
        response.Headers.ETag = $"\"{file.Sha256}\"";
        response.Headers["X-Linked-Etag"] = $"\"{file.Sha256}\"";
        response.Headers["X-Linked-Size"] = file.Size.ToString(CultureInfo.InvariantCulture);
        response.Headers.ContentType = "text/plain; charset=utf-8";
        var body = Encoding.UTF8.GetBytes($"Found. Redirecting to {location}");
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
