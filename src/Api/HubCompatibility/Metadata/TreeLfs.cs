using System.Text.Json.Serialization;

namespace ModelHub.Api.HubCompatibility.Metadata;

/// <summary>An LFS file's pointer facts in a tree entry: its SHA-256, size and pointer size.</summary>
internal sealed record TreeLfs(
    [property: JsonPropertyName("oid")] string Oid,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("pointerSize")] int PointerSize);
