using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ModelHub.TestSupport;

/// <summary>
/// Starting jobs through the management API as any client does (<c>POST /v1/hub/sync</c>, <c>/download</c>,
/// <c>/scan</c>): HTTP and JSON only, so tests and benchmarks exercise the same contract the users do.
/// </summary>
public static class JobSubmissions
{
    public static Task<Guid> SubmitSyncAsync(this HttpClient api, string repoId, CancellationToken cancellationToken = default) =>
        api.SubmitAsync("/v1/hub/sync", new { repo_id = repoId }, cancellationToken);

    /// <summary>A sync of a repository of <paramref name="repoType"/> (<c>model</c> or <c>dataset</c>).</summary>
    public static Task<Guid> SubmitSyncAsync(this HttpClient api, string repoId, string repoType, CancellationToken cancellationToken = default) =>
        api.SubmitAsync("/v1/hub/sync", new { repo_id = repoId, repo_type = repoType }, cancellationToken);

    /// <summary>One download job of one artifact.</summary>
    public static async Task<Guid> SubmitDownloadAsync(this HttpClient api, Guid artifactId, CancellationToken cancellationToken = default) =>
        (await api.SubmitDownloadsAsync(new { artifact_ids = new[] { artifactId } }, cancellationToken)).Single();

    /// <summary>
    /// A per-file download job for the files of a synced repository named by <paramref name="paths"/>, found by path in its
    /// files listing (a request with a repository and patterns is a snapshot: one job for all).
    /// </summary>
    public static async Task<List<Guid>> SubmitFileDownloadsAsync(this HttpClient api, string repoId, string[] paths, string repoType = "model")
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await api.GetFromJsonAsync<JsonNode>($"/v1/hub/{repoType}s/{repoId}/files?limit=1000{(cursor is null ? "" : $"&cursor={cursor}")}")
                ?? throw new InvalidOperationException($"no files listing for {repoId}");
            ids.AddRange(page["items"]!.AsArray().Where(f => paths.Contains(f!["path"]!.GetValue<string>())).Select(f => f!["id"]!.GetValue<Guid>()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        return ids.Count == paths.Length
            ? await api.SubmitDownloadsAsync(new { artifact_ids = ids })
            : throw new InvalidOperationException($"{repoId} lists {ids.Count} of the {paths.Length} files asked for");
    }

    /// <summary>The download jobs a request starts (one per artifact it names or matches).</summary>
    public static async Task<List<Guid>> SubmitDownloadsAsync(this HttpClient api, object request, CancellationToken cancellationToken = default)
    {
        var accepted = await api.PostAcceptedAsync("/v1/hub/download", request, cancellationToken);
        return [.. accepted["jobs"]!.AsArray().Select(job => job!["id"]!.GetValue<Guid>())];
    }

    public static Task<Guid> SubmitScanAsync(this HttpClient api, object request, CancellationToken cancellationToken = default) =>
        api.SubmitAsync("/v1/hub/scan", request, cancellationToken);

    /// <summary>POSTs a job request; the accepted job's id, or its first job's when the answer lists several.</summary>
    public static async Task<Guid> SubmitAsync(this HttpClient api, string path, object request, CancellationToken cancellationToken = default)
    {
        var accepted = await api.PostAcceptedAsync(path, request, cancellationToken);
        return (accepted["jobs"]?[0] ?? accepted)["id"]!.GetValue<Guid>();
    }

    /// <summary>POSTs a request that must be accepted (202); its answer.</summary>
    public static async Task<JsonNode> PostAcceptedAsync(this HttpClient api, string path, object request, CancellationToken cancellationToken)
    {
        using var response = await api.PostAsJsonAsync(path, request, cancellationToken);
        return response.StatusCode == HttpStatusCode.Accepted
            ? await response.ReadJsonAsync(cancellationToken)
            : throw new InvalidOperationException(
                $"POST {path} answered {(int)response.StatusCode}, not 202: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }
}
