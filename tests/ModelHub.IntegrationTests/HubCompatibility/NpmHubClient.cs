using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary>
/// The real <c>@huggingface/hub</c> npm client, at the version <c>js/package-lock.json</c> pins, installed with
/// <c>npm ci</c> once per run into a temporary folder of its own, and run with the machine's Node.js through
/// <c>js/hub-client-check.mjs</c>.
/// </summary>
public sealed class NpmHubClient : IAsyncLifetime
{
    private static readonly TimeSpan _installTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan _checkTimeout = TimeSpan.FromSeconds(90);

    private readonly string _folder = Directory.CreateTempSubdirectory("modelhub-npm-client-").FullName;
    private string _node = null!;
    private Task<NpmClientRun>? _run;

    /// <summary>The version of <c>@huggingface/hub</c> that <c>npm ci</c> installed.</summary>
    public string Version { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _node = FindOnPath("node");
        var npm = FindOnPath("npm");
        var nodeVersion = (await RunAsync(_node, ["--version"], TimeSpan.FromSeconds(30))).Trim();
        if (!int.TryParse(nodeVersion.TrimStart('v').Split('.')[0], out var major) || major < 18)
        {
            throw new InvalidOperationException($"@huggingface/hub needs Node.js 18 or newer, {_node} is {nodeVersion}: install Debian's nodejs and npm packages (./hub test does).");
        }

        var source = Path.Combine(AppContext.BaseDirectory, "HubCompatibility", "js");
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(_folder, Path.GetFileName(file)));
        }

        await RunAsync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], _installTimeout);
        var installed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "node_modules", "@huggingface", "hub", "package.json")))!;
        Version = installed["version"]!.GetValue<string>();
    }

    /// <summary>
    /// Runs modelInfo (datasetInfo for a dataset), listFiles, downloadFile, downloadFileToCacheDir and snapshotDownload on <paramref name="repoId"/>
    /// against <paramref name="hubUrl"/> (the token goes through the environment, never the command line); returns
    /// what the script saw, with the client's caches in <see cref="NpmClientRun.Output"/>.
    /// </summary>
    public async Task<NpmClientRun> CheckAsync(Uri hubUrl, string accessToken, string repoId, string repoType = "model")
    {
        var output = Directory.CreateDirectory(Path.Combine(_folder, "runs", Guid.NewGuid().ToString("N"))).FullName;
        await RunAsync(_node, ["hub-client-check.mjs", hubUrl.ToString().TrimEnd('/'), repoId, output, repoType], _checkTimeout, accessToken);
        return new NpmClientRun(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "result.json")))!, output);
    }

    /// <summary>What the client's own cache tool (<c>scanCacheDir</c>) reads in a cache folder, through <c>js/cache-scan.mjs</c>.</summary>
    public async Task<JsonNode> ScanCacheAsync(string folder) =>
        JsonNode.Parse(await RunAsync(_node, ["cache-scan.mjs", folder], _checkTimeout))!;

    /// <summary>The first call runs <paramref name="run"/>; every later one gets its result (the tests of a class share one run).</summary>
    public Task<NpmClientRun> OnceAsync(Func<Task<NpmClientRun>> run) => _run ??= run();

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private static string FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not on PATH: install Debian's nodejs and npm packages (./hub test does), or Node.js 18+ with npm.");

    /// <summary>Runs <paramref name="program"/> in the client's folder; returns its output, or throws with all of it.</summary>
    private async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, string? token = null)
    {
        var environment = new Dictionary<string, string> { ["NO_COLOR"] = "1", ["npm_config_update_notifier"] = "false" };
        if (token is not null)
        {
            environment["HF_TOKEN"] = token;
        }

        var command = new ProcessCommand(program, arguments) { WorkingDirectory = _folder, Environment = environment, Timeout = timeout };
        var run = await ExternalProcess.RunAsync(command);
        return run.ExitCode == 0
            ? run.Output
            : throw new InvalidOperationException(new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"{command} exited with {run.ExitCode}")
                .AppendLine("stderr:").AppendLine(run.Error)
                .AppendLine("stdout:").AppendLine(run.Output)
                .ToString());
    }
}
