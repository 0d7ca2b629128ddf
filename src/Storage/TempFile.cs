namespace ModelHub.Storage;

/// <summary>A partial download in <c>temp/</c>.</summary>
public sealed record TempFile(string FullPath, long Size, DateTimeOffset WrittenAt);
