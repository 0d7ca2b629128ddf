using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ModelHub.Storage;
using ModelHub.Upstream.Sources;

namespace ModelHub.Ingest.Fetching;

/// <summary>
/// The one home of an upstream's wrong bytes: reported (log, its <see cref="UpstreamState"/>) and, when there is another
/// upstream to turn to, remembered in this process so the next fetch of that content (this one's next try, another job,
/// the next pull-through) does not ask it again for <see cref="Memory"/>. Kept in memory only: a restart forgets, and the
/// bytes are still verified whoever serves them, so forgetting costs a fetch, never a bad blob.
/// </summary>
public sealed partial class WrongSources(UpstreamSet upstreams, UpstreamStates states, TimeProvider clock, ILogger<WrongSources> logger)
{
    /// <summary>How long an upstream's wrong bytes for a content are held against it: it may have been mended since.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromHours(1);

    private const int MaxContents = 10_000;

    private readonly ConcurrentDictionary<string, Refusal> _refused = new(StringComparer.Ordinal);

    /// <summary>
    /// The upstreams not to ask for <paramref name="expected"/>; none when every bytes upstream would be refused (asking
    /// them all again beats not asking: the bytes are verified).
    /// </summary>
    public HashSet<string> For(ExpectedContent expected) =>
        _refused.TryGetValue(Key(expected), out var refusal) && refusal.Until > clock.GetUtcNow() && AnyLeft(refusal.Sources)
            ? new HashSet<string>(refusal.Sources, StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Whether some bytes upstream is not in <paramref name="refused"/>.</summary>
    public bool AnyLeft(IReadOnlySet<string> refused) => upstreams.Bytes.Any(e => !refused.Contains(e.Name));

    /// <summary><paramref name="source"/> served bytes for <paramref name="expected"/> that did not verify.</summary>
    public void Convict(ExpectedContent expected, string source, string reason)
    {
        states.Named(source)?.ServedWrongBytes(clock.GetUtcNow(), $"served wrong bytes for {expected.Repo}: {expected.Path} ({reason})");
        if (upstreams.Bytes.Count < 2)
        {
            LogWrongBytesFromTheOnlyUpstream(logger, source, expected.Repo ?? "", expected.Path ?? "", reason);
            return;
        }

        LogWrongBytes(logger, source, expected.Repo ?? "", expected.Path ?? "", reason);

        if (_refused.Count >= MaxContents)
        {
            _refused.Clear();
        }

        var until = clock.GetUtcNow() + Memory;
        _refused.AddOrUpdate(Key(expected), _ => new Refusal(new HashSet<string>(StringComparer.Ordinal) { source }, until),
            (_, before) => new Refusal(new HashSet<string>(before.Sources, StringComparer.Ordinal) { source }, until));
    }

    /// <summary>Forgets every refusal: each upstream is asked again at its turn.</summary>
    public void ForgetAll() => _refused.Clear();

    private static string Key(ExpectedContent expected) => expected.ToString();

    private sealed record Refusal(IReadOnlySet<string> Sources, DateTimeOffset Until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream {Upstream} served wrong bytes for {Repo}: {Path} ({Reason}); it is not asked for them again for an hour")]
    private static partial void LogWrongBytes(ILogger logger, string upstream, string repo, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream {Upstream}, the only one, served wrong bytes for {Repo}: {Path} ({Reason}); nothing was stored")]
    private static partial void LogWrongBytesFromTheOnlyUpstream(ILogger logger, string upstream, string repo, string path, string reason);
}
