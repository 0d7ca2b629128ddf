using System.Net.Http.Json;
using System.Text.Json;

namespace ModelHub.Benchmarks;

/// <summary>A file of a benchmark's repository as ModelHub recorded it.</summary>
internal sealed record BenchArtifact(Guid Id, string Path, long Size, string Sha256)
{
    /// <summary>The files of <paramref name="repo"/> at main that have a SHA-256 (the LFS ones), as the Api lists them.</summary>
    public static async Task<List<BenchArtifact>> ListAsync(HttpClient api, string repo)
    {
        var page = await api.GetFromJsonAsync<JsonElement>($"/v1/hub/models/{repo}/files?revision=main&limit=500");
        return [.. page.GetProperty("items").EnumerateArray()
            .Where(f => f.GetProperty("sha256").ValueKind == JsonValueKind.String)
            .Select(f => new BenchArtifact(f.GetProperty("id").GetGuid(), f.GetProperty("path").GetString()!, f.GetProperty("size").GetInt64(), f.GetProperty("sha256").GetString()!))];
    }
}
