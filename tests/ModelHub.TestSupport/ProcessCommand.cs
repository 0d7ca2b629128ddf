namespace ModelHub.TestSupport;

/// <summary>A command-line tool to run to its end, where and with what environment, for at most <see cref="Timeout"/>.</summary>
public sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Past it the process tree is killed and the run fails.</summary>
    public TimeSpan? Timeout { get; init; }

    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);
}
