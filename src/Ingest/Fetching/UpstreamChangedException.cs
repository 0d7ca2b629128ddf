namespace ModelHub.Ingest.Fetching;

/// <summary>The file changed upstream (another ETag) since the partial download began: start again.</summary>
internal sealed class UpstreamChangedException() : Exception("the file changed upstream while it was being downloaded");
