using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelHub.Upstream;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RepoInfoJson))]
[JsonSerializable(typeof(List<TreeEntryJson>))]
[JsonSerializable(typeof(PathsInfoRequestJson))]
internal sealed partial class HubJsonContext : JsonSerializerContext;
