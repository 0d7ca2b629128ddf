using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.ServiceDefaults.Conventions;

namespace ModelHub.Persistence.Conventions;

/// <summary>
/// Stores enums as their snake_case text, guarded by a check constraint so a bad value cannot reach
/// the table from raw SQL either.
/// </summary>
internal static class SnakeCaseEnumMapping
{
    public static PropertyBuilder<TEnum> HasSnakeCaseEnumConversion<TEnum>(this PropertyBuilder<TEnum> property)
        where TEnum : struct, Enum =>
        property.HasConversion(v => v.ToSnakeCase(), text => SnakeCaseEnums.ParseSnakeCase<TEnum>(text));

    public static void HasEnumCheckConstraint<TEnum>(this TableBuilder table, string column)
        where TEnum : struct, Enum
    {
        var allowed = string.Join(", ", SnakeCaseEnums.SnakeCaseNames<TEnum>().Select(n => $"'{n}'"));
        table.HasCheckConstraint($"ck_{table.Name}_{column}", $"{column} IN ({allowed})");
    }
}
