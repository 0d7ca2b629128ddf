namespace ModelHub.ScanService.Import;

internal sealed record ImportedFile(string Commit, string Path, ImportedBlob Blob);
