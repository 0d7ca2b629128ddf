using ModelHub.Contracts.Repositories;

namespace ModelHub.Upstream;

/// <summary>
/// A repository on the Hub: its type and its id (<c>org/name</c>, or a legacy id without a namespace). The same id
/// names two repositories when one is a model and one a dataset, so every address and cache key carries both.
/// </summary>
public readonly record struct HubRepo(RepoType Type, string Id)
{
    public static HubRepo Model(string id) => new(RepoType.Model, id);

    public static HubRepo Dataset(string id) => new(RepoType.Dataset, id);

    /// <summary>The Hub's API folder of this type: <c>api/models</c> or <c>api/datasets</c>.</summary>
    internal string ApiFolder => Type switch
    {
        RepoType.Model => "api/models",
        RepoType.Dataset => "api/datasets",
        _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, "not a repository type the Hub serves files of"),
    };

    /// <summary>
    /// The repository as the Hub's web addresses name it: <c>org/name</c> for a model, <c>datasets/org/name</c> for a
    /// dataset (no account may be called <c>datasets</c>, so the two never collide).
    /// </summary>
    public override string ToString() => Type == RepoType.Model ? Id : $"datasets/{Id}";
}
