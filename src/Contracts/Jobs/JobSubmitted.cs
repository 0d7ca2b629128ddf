namespace ModelHub.Contracts.Jobs;

/// <summary>A job was accepted. Published again (harmlessly) until its command has been sent.</summary>
public sealed record JobSubmitted
{
    public required Guid JobId { get; init; }

    /// <summary><c>sync</c>, <c>download</c> or <c>scan</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The command's arguments as JSON.</summary>
    public required string Payload { get; init; }

    public Guid? RepositoryId { get; init; }

    public Guid? ArtifactId { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }
}
