using System.Buffers.Text;
using System.Text;

namespace ModelHub.Api.Management.Conventions;

/// <summary>
/// What every keyset-paged list shares: the <c>limit</c> rule, and an opaque <c>cursor</c> that is the
/// base64url of the last item's position, checked on the way back in.
/// </summary>
internal static class Paging
{
    public const string InvalidCursor = "cursor is not valid: pass the next_cursor of a previous page unchanged.";

    /// <summary>The page size; a <c>limit</c> outside 1..<paramref name="maxLimit"/> is recorded in <paramref name="errors"/>.</summary>
    public static int Limit(Dictionary<string, string[]> errors, int? limit, int defaultLimit, int maxLimit)
    {
        var pageSize = limit ?? defaultLimit;
        if (pageSize < 1 || pageSize > maxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {maxLimit}."];
        }

        return pageSize;
    }

    /// <summary>
    /// The position <paramref name="cursor"/> carries, read by <paramref name="parse"/> (null when it is not
    /// one this list made); a cursor that does not decode or parse is recorded in <paramref name="errors"/>.
    /// </summary>
    public static T? After<T>(Dictionary<string, string[]> errors, string? cursor, Func<string, T?> parse)
        where T : class
    {
        if (cursor is null)
        {
            return null;
        }

        var after = TryDecode(cursor) is { Length: > 0 } position ? parse(position) : null;
        if (after is null)
        {
            errors["cursor"] = [InvalidCursor];
        }

        return after;
    }

    public static string Encode(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position));

    private static string? TryDecode(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
