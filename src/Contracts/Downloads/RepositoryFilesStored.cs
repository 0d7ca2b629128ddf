namespace ModelHub.Contracts.Downloads;

/// <summary>
/// Files of one repository are in the store: one event for the files the ingest pipeline recorded together (up to a
/// few hundred of a snapshot's batch, or the one file of a download job or a pull-through), published after their
/// <c>ArtifactDownloaded</c> events. For whoever needs to know that a repository changed rather than which file did
/// (the Api's repository summaries): hearing a batch of files once costs the broker and its consumer a message, where
/// hearing each file costs one a file.
/// </summary>
public sealed record RepositoryFilesStored
{
    public required Guid RepositoryId { get; init; }

    /// <summary><c>model</c> or <c>dataset</c>: with <see cref="RepoId"/>, what names the repository.</summary>
    public required string RepoType { get; init; }

    /// <summary><c>org/name</c>.</summary>
    public required string RepoId { get; init; }

    /// <summary>How many files (each announced by an <c>ArtifactDownloaded</c>) this event stands for.</summary>
    public required int Files { get; init; }

    /// <summary>Their sizes summed.</summary>
    public required long Bytes { get; init; }

    public required DateTimeOffset StoredAt { get; init; }
}
