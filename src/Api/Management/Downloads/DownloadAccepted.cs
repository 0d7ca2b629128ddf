using ModelHub.Api.Management.Jobs;

namespace ModelHub.Api.Management.Downloads;

internal sealed record DownloadAccepted(IReadOnlyList<JobResponse> Jobs);
