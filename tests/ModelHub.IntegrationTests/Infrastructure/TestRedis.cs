using System.Diagnostics;
using System.Globalization;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>
/// The test Redis seen from outside: kill it (as a crash would) and start it again from the config file
/// <c>./hub test</c> wrote. Every fixture shares it: only tests of a collection that runs alone may stop it.
/// </summary>
public static class TestRedis
{
    private static string ConfigFile => Environment.GetEnvironmentVariable("MODELHUB_TEST_REDIS_CONF")
        ?? throw new InvalidOperationException("MODELHUB_TEST_REDIS_CONF is not set: run the tests with ./hub test.");

    public static async Task StopAsync()
    {
        if (RunningProcess() is not { } redis)
        {
            return;
        }

        using (redis)
        {
            redis.Kill();
            await redis.WaitForExitAsync();
        }
    }

    public static async Task StartAsync()
    {
        if (RunningProcess() is { } running)
        {
            running.Dispose();
            return;
        }

        // The config says daemonize: the command returns once the server has forked.
        using (var start = Process.Start(new ProcessStartInfo("redis-server", [ConfigFile]) { RedirectStandardOutput = true })!)
        {
            await start.WaitForExitAsync();
        }

        await Poll.UntilAsync(AnswersAsync, answers => answers, TimeSpan.FromSeconds(20),
            _ => $"the test Redis did not start again from {ConfigFile}", TimeSpan.FromMilliseconds(50));
    }

    private static Process? RunningProcess()
    {
        var pidFile = Setting("pidfile");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        try
        {
            var process = Process.GetProcessById(pid);
            if (!process.HasExited && process.ProcessName.StartsWith("redis-server", StringComparison.Ordinal))
            {
                return process;
            }

            process.Dispose();
            return null;
        }
        catch (ArgumentException)
        {
            return null; // a pid file left by a killed server
        }
    }

    private static Task<bool> AnswersAsync() => LoopbackPort.AcceptsAsync(int.Parse(Setting("port"), CultureInfo.InvariantCulture));

    private static string Setting(string name) =>
        File.ReadLines(ConfigFile).Select(line => line.Split(' ', 2)).FirstOrDefault(parts => parts[0] == name)?[1].Trim()
            ?? throw new InvalidOperationException($"{ConfigFile} has no '{name}' line");
}
