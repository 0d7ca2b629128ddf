using System.Collections.Concurrent;
using ModelHub.Upstream.Sources;

namespace ModelHub.Ingest.Fetching;

/// <summary>
/// One try at fetching a file: which upstreams it may ask (<see cref="Choice"/>, an upstream whose body broke off asked
/// last from then on) and how many bytes each one gave.
/// </summary>
/// <param name="upstreams">How many bytes upstreams <paramref name="choice"/> allows.</param>
public sealed class FetchSources(SourceChoice choice, int upstreams)
{
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private SourceChoice _choice = choice;

    public SourceChoice Choice => Volatile.Read(ref _choice);

    /// <summary>When a body that broke off is continued within this try.</summary>
    internal BodyResumes Resumes { get; } = new(upstreams);

    /// <summary>Bytes kept from an earlier attempt, whose source is not known.</summary>
    public long KeptBytes { get; private set; }

    /// <summary>The bytes of this try by upstream.</summary>
    public IReadOnlyDictionary<string, long> Bytes => _bytes;

    /// <summary>The upstreams that gave bytes in this try.</summary>
    public IReadOnlyList<string> Used => [.. _bytes.Keys];

    internal void Kept(long bytes) => KeptBytes = bytes;

    internal void Fetched(string source, long bytes)
    {
        if (bytes > 0)
        {
            _bytes.AddOrUpdate(source, bytes, (_, before) => before + bytes);
        }
    }

    /// <summary>A body from <paramref name="source"/> broke off or stalled: the rest of this fetch asks the others first.</summary>
    internal void BrokeOff(string source)
    {
        SourceChoice current, next;
        do
        {
            current = Volatile.Read(ref _choice);
            next = current.Demote(source);
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _choice, next, current), current));
    }
}
