using System.Diagnostics;

namespace ModelHub.TestSupport;

/// <summary>
/// Waiting for a state rather than for a time: read again until the state holds, up to a ceiling set
/// generously for a loaded machine, so a slow run is still a pass and a broken one still ends.
/// </summary>
public static class Poll
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The first value read that is <paramref name="done"/>; past <paramref name="ceiling"/>, a failure that <paramref name="describe"/>s the last one.</summary>
    public static async Task<T> UntilAsync<T>(
        Func<Task<T>> read, Func<T, bool> done, TimeSpan ceiling, Func<T, string> describe, TimeSpan? interval = null)
    {
        var (value, met) = await ReadUntilAsync(read, done, ceiling, interval);
        return met ? value : throw new TimeoutException($"after {ceiling.TotalSeconds:0.#} s: {describe(value)}");
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan ceiling, string what, TimeSpan? interval = null) =>
        UntilAsync(() => Task.FromResult(condition()), ceiling, what, interval);

    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan ceiling, string what, TimeSpan? interval = null) =>
        UntilAsync(condition, met => met, ceiling, _ => $"{what} is still not so", interval);

    /// <summary>The first value read that is <paramref name="done"/>, or the last one read by <paramref name="ceiling"/>, for the caller to assert on.</summary>
    public static async Task<T> UntilOrLastAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan ceiling, TimeSpan? interval = null) =>
        (await ReadUntilAsync(read, done, ceiling, interval)).Value;

    private static async Task<(T Value, bool Met)> ReadUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan ceiling, TimeSpan? interval)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return (value, true);
            }

            if (clock.Elapsed >= ceiling)
            {
                return (value, false);
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }
}
