namespace ModelHub.Upstream;

/// <param name="Type"><c>file</c> or <c>directory</c> (anything else the Hub may send is kept as is).</param>
/// <param name="Path">The path in the repository, exactly as the Hub sent it.</param>
/// <param name="Size">The real content size (for LFS files too).</param>
/// <param name="Oid">The git object id (for an LFS file: the pointer's blob id).</param>
public sealed record HubTreeEntry(string Type, string Path, long Size, string Oid)
{
    public HubLfsInfo? Lfs { get; init; }

    public bool IsFile => Type == "file";
}
