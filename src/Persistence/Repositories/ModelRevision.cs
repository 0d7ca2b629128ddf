namespace ModelHub.Persistence.Repositories;

/// <summary>What a revision (branch, tag, ref) of a repository pointed at when it was last synced (table <c>model_revision</c>).</summary>
public sealed class ModelRevision
{
    public Guid RepositoryId { get; init; }

    /// <summary>The revision as users name it: <c>main</c>, <c>v1.0</c>, <c>refs/pr/1</c>, or a commit.</summary>
    public required string Name { get; init; }

    public required string Commit { get; set; }

    public DateTimeOffset ResolvedAt { get; set; }
}
