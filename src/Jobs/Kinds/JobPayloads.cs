using System.Text.Json;

namespace ModelHub.Jobs.Kinds;

/// <summary>
/// How a job's payload (<c>job.payload</c>: the arguments of its command) is written and read. Every
/// submitter writes the same shapes (<see cref="SyncPayload"/>, <see cref="DownloadPayload"/>,
/// <see cref="ScanPayload"/>); <see cref="JobKindRegistry"/> reads them back into the command.
/// </summary>
public static class JobPayloads
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string Serialize<T>(T payload) => JsonSerializer.Serialize(payload, Json);

    public static T Deserialize<T>(string payload) =>
        JsonSerializer.Deserialize<T>(payload, Json) ?? throw new JsonException("The job's payload is empty.");
}
