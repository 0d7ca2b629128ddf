using System.Text.Json.Nodes;

namespace ModelHub.TestSupport;

public static class HttpJson
{
    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response, CancellationToken cancellationToken = default) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))
        ?? throw new InvalidOperationException("The response body is empty.");
}
