using System.Diagnostics;

namespace ModelHub.TestSupport;

/// <summary>Runs a command-line tool to its end and keeps what it printed: how tests and benchmarks shell out.</summary>
public static class ExternalProcess
{
    public static Task<ProcessRun> RunAsync(string fileName, params string[] arguments) => RunAsync(new ProcessCommand(fileName, arguments));

    /// <summary>Runs the tool and fails, with what it printed on stderr, unless it exits with 0.</summary>
    public static async Task<ProcessRun> RunCheckedAsync(string fileName, params string[] arguments)
    {
        var run = await RunAsync(fileName, arguments);
        return run.ExitCode == 0 ? run : throw new InvalidOperationException(run.Describe($"{fileName} {string.Join(' ', arguments)}"));
    }

    public static async Task<ProcessRun> RunAsync(ProcessCommand command)
    {
        var start = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = command.WorkingDirectory ?? "",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.Environment)
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command.FileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(command.Timeout ?? Timeout.InfiniteTimeSpan);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(
                $"{command} did not finish within {command.Timeout!.Value.TotalSeconds} s\nstderr:\n{await error}\nstdout:\n{await output}");
        }

        return new ProcessRun(process.ExitCode, await output, await error, clock.Elapsed);
    }
}
