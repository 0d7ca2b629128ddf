namespace ModelHub.SyncService.Sync;

internal sealed record RefusedPath(string Path, string Reason);
