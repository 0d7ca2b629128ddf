using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Tests;

/// <summary>The simulator as <c>./hub up --simulator</c> runs it: a process given <c>--urls</c>.</summary>
public sealed partial class ProcessTests
{
    [Fact]
    public async Task When_the_dll_runs_as_a_process_Should_listen_on_the_given_urls_with_options_from_the_command_line()
    {
        using var process = Start("--urls", "http://127.0.0.1:0", "--Simulator:TreePageSize=7");
        try
        {
            var address = await ListeningAddressAsync(process);
            using var http = new HttpClient { BaseAddress = new Uri(address + "/") };

            (await http.GetFromJsonAsync<JsonElement>("_sim/health")).GetProperty("status").GetString().ShouldBe("ok");
            var page = await http.GetAsync($"api/models/{ShippedRepos.Wan}/tree/main?recursive=true");
            (await page.Content.ReadFromJsonAsync<JsonElement[]>())!.Length.ShouldBe(7);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static Process Start(params string[] args)
    {
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ModelHub.UpstreamSimulator.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static async Task<string> ListeningAddressAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var match = Listening().Match(line);
            if (match.Success)
            {
                return match.Groups[1].Value;
            }
        }

        throw new InvalidOperationException("The simulator exited before listening: " + await process.StandardError.ReadToEndAsync());
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();
}
