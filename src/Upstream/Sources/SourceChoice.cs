namespace ModelHub.Upstream.Sources;

/// <summary>
/// Which of the bytes upstreams a download may use: all of them in order (<see cref="Any"/>), all but those that served
/// wrong bytes for the file (<see cref="Without"/>), or one alone (<see cref="Only"/>, to learn which of several was wrong);
/// and which to ask last (<see cref="Demote"/>: one whose body broke off during this fetch).
/// </summary>
public sealed record SourceChoice
{
    public static readonly SourceChoice Any = new();

    /// <summary>Upstreams not to ask.</summary>
    public IReadOnlySet<string> Refused { get; private init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The one upstream to ask, or null for any that is not refused.</summary>
    public string? Alone { get; private init; }

    /// <summary>Upstreams asked only after the others, in the order they were demoted.</summary>
    public IReadOnlyList<string> Last { get; private init; } = [];

    public static SourceChoice Without(IEnumerable<string> refused) => new() { Refused = refused.ToHashSet(StringComparer.Ordinal) };

    public SourceChoice Only(string source) => this with { Alone = source };

    public SourceChoice Demote(string source) => this with { Last = [.. Last.Where(name => name != source), source] };

    public bool Allows(UpstreamEndpoint endpoint) =>
        !Refused.Contains(endpoint.Name) && (Alone is null || Alone == endpoint.Name);

    /// <summary>The upstreams of <paramref name="candidates"/> this choice allows, in the order to ask them.</summary>
    public IEnumerable<UpstreamEndpoint> Order(IEnumerable<UpstreamEndpoint> candidates)
    {
        var allowed = candidates.Where(Allows).ToList();
        return allowed.Where(e => !Last.Contains(e.Name)).Concat(Last.SelectMany(name => allowed.Where(e => e.Name == name)));
    }

    public override string ToString() =>
        (Alone is null ? "any upstream" : $"only {Alone}") + (Refused.Count == 0 ? "" : $", not {string.Join(", ", Refused)}");
}
