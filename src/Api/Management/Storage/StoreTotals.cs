namespace ModelHub.Api.Management.Storage;

/// <param name="Bytes">Stored bytes, each blob counted once.</param>
/// <param name="LogicalBytes">Stored bytes if every file were kept apart.</param>
/// <param name="DedupSavedBytes">What keeping every file once saves.</param>
internal sealed record StoreTotals(int Blobs, long Bytes, int Files, long LogicalBytes, long DedupSavedBytes);
