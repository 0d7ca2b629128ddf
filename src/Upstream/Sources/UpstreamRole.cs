namespace ModelHub.Upstream.Sources;

/// <summary>What ModelHub asks an upstream for (<c>Upstream:Endpoints:N:Role</c>: <c>All</c>, <c>Metadata</c> or <c>Bytes</c>).</summary>
[Flags]
public enum UpstreamRole
{
    /// <summary>Commits, trees, paths-info and who may read: taken from the first of these upstreams that answers.</summary>
    Metadata = 1,

    /// <summary>File bytes: taken from any of these upstreams that serves them, and verified against the hashes the metadata recorded.</summary>
    Bytes = 2,

    All = Metadata | Bytes,
}
