using ModelHub.Contracts.Repositories;

namespace ModelHub.Api.Registry;

/// <summary>
/// How a repository type is written: <c>model</c> / <c>dataset</c> in bodies and queries (the Hub's <c>repo_type</c>),
/// <c>models</c> / <c>datasets</c> in the management API's addresses (as the Hub's own API folders).
/// </summary>
internal static class RepoTypes
{
    /// <summary>The route parameter that names a collection: <c>{collection}</c> is <c>models</c> or <c>datasets</c>.</summary>
    public const string CollectionRoute = "{collection:regex(^(models|datasets)$)}";

    public static IReadOnlyList<string> Names { get; } = ["model", "dataset"];

    public static string Name(this RepoType type) => type switch
    {
        RepoType.Model => "model",
        RepoType.Dataset => "dataset",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string Collection(this RepoType type) => $"{type.Name()}s";

    public static bool TryParse(string? text, out RepoType type)
    {
        (var known, type) = text switch
        {
            "model" => (true, RepoType.Model),
            "dataset" => (true, RepoType.Dataset),
            _ => (false, RepoType.Model),
        };
        return known;
    }

    /// <summary>The type a route's <c>{collection}</c> names; the route's constraint lets no other value through.</summary>
    public static RepoType FromCollection(string collection) =>
        TryParse(collection.TrimEnd('s'), out var type) ? type : throw new ArgumentOutOfRangeException(nameof(collection), collection, null);
}
