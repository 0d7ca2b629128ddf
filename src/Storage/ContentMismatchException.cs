namespace ModelHub.Storage;

/// <summary>The bytes did not match what the upstream promised; nothing was stored.</summary>
public sealed class ContentMismatchException(string message) : Exception(message);
