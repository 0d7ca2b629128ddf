using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Upstream.Sources;

namespace ModelHub.Api.Management.Upstreams;

/// <summary>
/// What this Api has seen of each upstream (its metadata calls, its pull-throughs): each process keeps its own view, so a
/// DownloadService's last error shows in its log and job summaries, not here.
/// </summary>
internal static class ListUpstreamsEndpoint
{
    public static Ok<IReadOnlyList<UpstreamStatus>> Handle(UpstreamStates upstreams) => TypedResults.Ok(upstreams.Statuses());
}
