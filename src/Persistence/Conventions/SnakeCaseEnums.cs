using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModelHub.Persistence.Conventions;

/// <summary>
/// Stores enums as readable snake_case text (<c>not_downloaded</c>), the same spelling the API uses,
/// guarded by a check constraint so a bad value cannot reach the table from raw SQL either.
/// </summary>
public static class SnakeCaseEnums
{
    public static string ToSnakeCase<TEnum>(this TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static bool TryParseSnakeCase<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(candidate.ToSnakeCase(), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static IEnumerable<string> SnakeCaseNames<TEnum>()
        where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(v => v.ToSnakeCase());

    internal static PropertyBuilder<TEnum> HasSnakeCaseEnumConversion<TEnum>(this PropertyBuilder<TEnum> property)
        where TEnum : struct, Enum =>
        property.HasConversion(v => v.ToSnakeCase(), text => Parse<TEnum>(text));

    internal static void HasEnumCheckConstraint<TEnum>(this TableBuilder table, string column)
        where TEnum : struct, Enum
    {
        var allowed = string.Join(", ", SnakeCaseNames<TEnum>().Select(n => $"'{n}'"));
        table.HasCheckConstraint($"ck_{table.Name}_{column}", $"{column} IN ({allowed})");
    }

    private static TEnum Parse<TEnum>(string text)
        where TEnum : struct, Enum =>
        TryParseSnakeCase<TEnum>(text, out var value)
            ? value
            : throw new InvalidOperationException($"'{text}' is not a {typeof(TEnum).Name}.");
}
