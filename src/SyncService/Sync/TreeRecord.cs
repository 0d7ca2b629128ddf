namespace ModelHub.SyncService.Sync;

internal sealed record TreeRecord(int Files, long Bytes, IReadOnlyList<RefusedPath> Refused);
