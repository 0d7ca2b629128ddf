using System.Text.Json;

namespace ModelHub.Api.Jobs;

/// <summary>What each kind of job stores in <c>job.payload</c>: the arguments of its command.</summary>
internal static class JobPayloads
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string Serialize<T>(T payload) => JsonSerializer.Serialize(payload, Json);

    public static T Deserialize<T>(string payload) =>
        JsonSerializer.Deserialize<T>(payload, Json) ?? throw new JsonException("The job's payload is empty.");
}

internal sealed record SyncPayload(string RepoId, string Revision);

internal sealed record DownloadPayload(Guid ArtifactId);

internal sealed record ScanPayload(string Mode);
