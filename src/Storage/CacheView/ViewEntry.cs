namespace ModelHub.Storage.CacheView;

/// <summary>
/// One entry a walk of the view found in a repository's folder (<paramref name="Folder"/>, e.g. <c>models--org--name</c>):
/// its <paramref name="Kind"/>, its path inside the folder (<c>snapshots/{commit}/{path}</c>, <c>blobs/{name}</c>,
/// <c>refs/{name}</c>), a snapshot link's target and a ref's commit.
/// </summary>
public sealed record ViewEntry(ViewEntryKind Kind, string Folder, string RelativePath, string? LinkTarget = null, string? Commit = null);
