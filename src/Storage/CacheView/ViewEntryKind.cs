namespace ModelHub.Storage.CacheView;

public enum ViewEntryKind
{
    /// <summary><c>snapshots/{commit}/{path}</c>: a relative link to a blob.</summary>
    SnapshotLink,

    /// <summary><c>blobs/{etag}</c>.</summary>
    Blob,

    /// <summary><c>refs/{revision}</c>: the commit a branch or tag names.</summary>
    Ref,

    /// <summary>Anything else in the folder: a staged name a crash left behind, a stray file or folder.</summary>
    Stray,
}
