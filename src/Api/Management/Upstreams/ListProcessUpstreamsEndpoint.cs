using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Ingest.Upstreams;

namespace ModelHub.Api.Management.Upstreams;

/// <summary>
/// Every process's view of the upstreams (this Api's first, then each worker's and other Api's last one from the
/// <see cref="UpstreamBoard"/>): a DownloadService whose circuit to an upstream is open shows here, not in this Api's own view.
/// </summary>
internal static class ListProcessUpstreamsEndpoint
{
    public static async Task<Ok<IReadOnlyList<ProcessUpstreams>>> HandleAsync(UpstreamBoard board) => TypedResults.Ok(await board.ReadAsync());
}
