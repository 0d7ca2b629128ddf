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

    /// <summary>The value <paramref name="text"/> names; an <see cref="InvalidOperationException"/> (a verdict, never retried) when none does.</summary>
    public static TEnum ParseSnakeCase<TEnum>(string text)
        where TEnum : struct, Enum =>
        TryParseSnakeCase<TEnum>(text, out var value) ? value : throw new InvalidOperationException($"'{text}' is not a {typeof(TEnum).Name}.");

    public static IEnumerable<string> SnakeCaseNames<TEnum>()
        where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(v => v.ToSnakeCase());
}
