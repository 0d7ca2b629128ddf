namespace ModelHub.Api.HubCompatibility.Files;

/// <summary>
/// <c>HEAD</c>/<c>GET /{org}/{name}/raw/{rev}/{path}</c>: the git blob, which for an LFS file is its pointer
/// (any other file is sent as <see cref="ResolveFileEndpoint"/> sends it).
/// </summary>
internal static class GetRawFileEndpoint
{
    public static ValueTask<IResult> HandleAsync(HttpContext context, FileRequestServices services, CancellationToken cancellationToken) =>
        ResolveFileEndpoint.SendAsync(context, services, raw: true, cancellationToken);
}
