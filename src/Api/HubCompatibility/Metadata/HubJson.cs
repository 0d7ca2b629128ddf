using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelHub.Api.HubCompatibility.Metadata;

/// <summary>JSON as the Hub writes it: names exactly as declared (not the management API's snake_case), nulls left out.</summary>
internal static class HubJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Date(DateTimeOffset? at) =>
        (at ?? DateTimeOffset.UnixEpoch).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary><c>true</c>, <c>True</c> and <c>1</c> (the clients send all three).</summary>
    public static bool Flag(string? value) => value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}
