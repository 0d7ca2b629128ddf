using System.Text.Json;

namespace ModelHub.ServiceDefaults.Conventions;

/// <summary>
/// Enums as readable snake_case text (<c>not_downloaded</c>): one spelling for the API, the messages
/// and the database columns.
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
}
