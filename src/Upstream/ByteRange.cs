namespace ModelHub.Upstream;

/// <summary>The bytes a download asks for: from <see cref="From"/> to <see cref="To"/> (inclusive), or to the end.</summary>
internal readonly record struct ByteRange(long From, long? To)
{
    public static readonly ByteRange Whole = new(0, null);
}
