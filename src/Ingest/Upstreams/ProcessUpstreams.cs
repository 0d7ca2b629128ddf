using ModelHub.Upstream.Sources;

namespace ModelHub.Ingest.Upstreams;

/// <summary>What one process (an Api, a SyncService, a DownloadService instance) saw of each upstream, and when it said so.</summary>
/// <param name="Process">The service, its machine and its pid, e.g. <c>DownloadService on gpu-01 (pid 4242)</c>.</param>
public sealed record ProcessUpstreams(string Process, DateTimeOffset At, IReadOnlyList<UpstreamStatus> Upstreams);
