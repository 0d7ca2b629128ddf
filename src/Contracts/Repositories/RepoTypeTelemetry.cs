namespace ModelHub.Contracts.Repositories;

/// <summary>
/// How traces and metrics name a repository's type: the attribute <c>modelhub.repo_type</c>, valued <c>model</c> or
/// <c>dataset</c>, as the APIs spell it. One home, for the projects that lack the API's enum spelling.
/// </summary>
public static class RepoTypeTelemetry
{
    public const string Attribute = "modelhub.repo_type";

    public static string ValueOf(RepoType type) => type switch
    {
        RepoType.Model => "model",
        RepoType.Dataset => "dataset",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The attribute as a metric tag; an unknown type (a file whose repository was not said) is <c>unknown</c>.</summary>
    public static KeyValuePair<string, object?> Tag(RepoType? type) => new(Attribute, type is { } known ? ValueOf(known) : "unknown");
}
