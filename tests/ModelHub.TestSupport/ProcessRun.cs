namespace ModelHub.TestSupport;

/// <summary>What a command-line tool printed, its exit code and how long it ran (process start included).</summary>
public sealed record ProcessRun(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public string Describe(string tool) => $"{tool} exited with {ExitCode}: {Error.Trim()}";
}
