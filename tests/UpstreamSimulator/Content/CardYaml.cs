using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelHub.UpstreamSimulator.Content;

/// <summary>
/// Writes a card's metadata as the YAML header the Hub's cards carry (block style, lists at their
/// key's indentation), so the header and the info answer's <c>cardData</c> come from one object.
/// </summary>
internal static class CardYaml
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    };

    public static string Write(JsonObject metadata)
    {
        var yaml = new StringBuilder();
        Mapping(yaml, metadata, 0, "");
        return yaml.ToString();
    }

    private static void Mapping(StringBuilder yaml, JsonObject map, int indent, string firstPrefix)
    {
        var prefix = firstPrefix;
        foreach (var (key, value) in map)
        {
            yaml.Append(prefix).Append(Scalar(key)).Append(':');
            prefix = new string(' ', indent);
            switch (value)
            {
                case JsonObject { Count: > 0 } inner:
                    yaml.Append('\n');
                    Mapping(yaml, inner, indent + 2, new string(' ', indent + 2));
                    break;
                case JsonArray { Count: > 0 } list:
                    yaml.Append('\n');
                    Sequence(yaml, list, indent);
                    break;
                default:
                    yaml.Append(' ').Append(Scalar(value)).Append('\n');
                    break;
            }
        }
    }

    private static void Sequence(StringBuilder yaml, JsonArray list, int indent)
    {
        var dash = new string(' ', indent) + "- ";
        foreach (var item in list)
        {
            switch (item)
            {
                case JsonObject { Count: > 0 } map:
                    Mapping(yaml, map, indent + 2, dash);
                    break;
                case JsonArray { Count: > 0 } inner:
                    yaml.Append(dash.TrimEnd()).Append('\n');
                    Sequence(yaml, inner, indent + 2);
                    break;
                default:
                    yaml.Append(dash).Append(Scalar(item)).Append('\n');
                    break;
            }
        }
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Scalar(value.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    // Plain when YAML would read the text back as the same string, single-quoted otherwise ('0', 'yes').
    private static string Scalar(string text)
    {
        var plain = text.Length > 0
            && text.Trim().Length == text.Length
            && !"-?:,[]{}#&*!|>'\"%@`".Contains(text[0], StringComparison.Ordinal)
            && !text.Contains(": ", StringComparison.Ordinal)
            && !text.Contains(" #", StringComparison.Ordinal)
            && !text.EndsWith(':')
            && !text.Any(char.IsControl)
            && !Reserved.Contains(text)
            && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        return plain ? text : "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
    }
}
