using System.Globalization;
using ModelHub.UpstreamSimulator.Api;
using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Files;

/// <summary>
/// The CDN the LFS redirects point at: ranges and its own ETag (an S3-style multipart tag, not the
/// SHA-256), none of the Hub's metadata headers.
/// </summary>
internal static class CdnEndpoint
{
    private const long PartSize = 8L * 1024 * 1024;

    public static async Task HandleAsync(HttpContext context, RepoCatalog catalog, CdnLinks links, RepoType type)
    {
        // cdn / repos|datasets / id… / sha256
        var segments = RawPath.Segments(context);
        var repoId = segments.Length > 3 ? string.Join('/', segments[2..^1]) : "";
        var sha256 = segments[^1];
        RepoAccess.Tag(context, type, repoId, "cdn");
        var query = context.Request.Query;
        if (segments.Length <= 3 || !links.IsValid(CdnLinks.ResourcePath(type, repoId, sha256), query["Expires"], query["Signature"]))
        {
            await HubErrors.WriteAsync(context, new HubErrorReply(StatusCodes.Status403Forbidden, null, "Access denied: the link is not signed or has expired"));
            return;
        }

        var (repo, file) = catalog.FindOnCdn(type, repoId, sha256);
        if (repo is null || file is null)
        {
            await HubErrors.WriteAsync(context, new HubErrorReply(StatusCodes.Status404NotFound, null, "The specified key does not exist."));
            return;
        }

        var faults = RepoAccess.Faults(catalog, repo, file.Path);
        if (await faults.TryFailAsync(context, "resolvers"))
        {
            return;
        }

        var headers = context.Response.Headers;
        var parts = Math.Max(1, (file.Size + PartSize - 1) / PartSize).ToString(CultureInfo.InvariantCulture);
        headers.ETag = $"\"{faults.ETagOf($"{GitObjects.Sha1Hex("cdn:" + file.Sha256)[..32]}-{parts}")}\"";
        headers.ContentType = "application/octet-stream";
        headers.ContentDisposition = query["response-content-disposition"].ToString() is { Length: > 0 } d ? d : ContentResponder.ContentDisposition(file.Path, "attachment");
        headers.LastModified = file.LastCommit.Date.ToString("R", CultureInfo.InvariantCulture);
        headers["X-Cache"] = "Miss from cloudfront";
        await ContentResponder.ServeAsync(context, file.Content, faults);
    }
}
