using ModelHub.Contracts.Repositories;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Api.Registry;

/// <summary>
/// How a repository type is written in the management API's addresses: <c>models</c> / <c>datasets</c>, as the Hub's own
/// API folders. In bodies and queries it is the snake_case name (<c>model</c>, <c>dataset</c>: <see cref="SnakeCaseEnums"/>).
/// </summary>
internal static class RepoTypes
{
    /// <summary>The route parameter that names a collection: <c>{collection}</c> is <c>models</c> or <c>datasets</c>.</summary>
    public const string CollectionRoute = "{collection:regex(^(models|datasets)$)}";

    public static string Collection(this RepoType type) => $"{type.ToSnakeCase()}s";

    /// <summary>The type a route's <c>{collection}</c> names; the route's constraint lets no other value through.</summary>
    public static RepoType FromCollection(string collection) =>
        SnakeCaseEnums.TryParseSnakeCase<RepoType>(collection.TrimEnd('s'), out var type)
            ? type
            : throw new ArgumentOutOfRangeException(nameof(collection), collection, null);
}
