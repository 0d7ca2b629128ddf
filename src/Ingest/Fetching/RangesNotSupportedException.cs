namespace ModelHub.Ingest.Fetching;

/// <summary>The upstream answered a ranged request with the whole file: fetch it in one stream instead.</summary>
internal sealed class RangesNotSupportedException() : Exception("the upstream ignores ranged requests");
