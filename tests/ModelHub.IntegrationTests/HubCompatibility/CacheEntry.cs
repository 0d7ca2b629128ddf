namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary>One entry of a Hugging Face cache folder: <c>directory</c>, <c>file</c> or <c>symlink</c>, a link's target, and the SHA-256 of the bytes read through it.</summary>
public sealed record CacheEntry(string Type, string? Target, string? Sha256);
