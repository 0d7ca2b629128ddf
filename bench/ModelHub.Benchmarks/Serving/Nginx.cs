using System.Diagnostics;
using System.Globalization;
using ModelHub.Benchmarks.Scans;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Serving;

/// <summary>
/// nginx as an ordinary child process with a configuration of its own (in the folder it is given):
/// in the foreground (<c>daemon off</c>), on 127.0.0.1, <c>sendfile on</c>, no access log, serving
/// <c>root</c>'s files by name. Stopped (TERM to the master, which stops its workers) when disposed.
/// </summary>
internal sealed class Nginx : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly string _errorLog;

    private Nginx(Process process, string errorLog, int port, string version)
    {
        _process = process;
        _errorLog = errorLog;
        Port = port;
        Version = version;
    }

    public int Port { get; }

    /// <summary>"nginx/1.22.1".</summary>
    public string Version { get; }

    public int Pid => _process.Id;

    /// <summary>User + system seconds of the master and its workers so far.</summary>
    public double CpuSeconds => CpuTime.OfProcess(Pid) + Workers().Sum(CpuTime.OfProcess);

    public int WorkerCount => Workers().Count;

    /// <summary>The configuration, as printed for the reader: what the baseline does.</summary>
    public string Settings => $"worker_processes auto ({WorkerCount} workers), sendfile on, tcp_nopush on, access_log off, keepalive_requests 1000000";

    public static async Task<Nginx> StartAsync(string binary, int port, string root, string folder)
    {
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "nginx.conf");
        var errorLog = Path.Combine(folder, "error.log");
        // Workers run as the master's user when it is root (the Api's user here): nginx's default, nobody, may not read the store.
        var user = Environment.UserName == "root" ? "user root;\n" : "";
        await File.WriteAllTextAsync(config, $$"""
            {{user}}daemon off;
            worker_processes auto;
            pid {{folder}}/nginx.pid;
            error_log {{errorLog}} warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                sendfile on;
                tcp_nopush on;
                keepalive_requests 1000000;
                default_type application/octet-stream;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                server {
                    listen 127.0.0.1:{{port}};
                    root {{root}};
                    location / { }
                }
            }

            """);

        var version = await ExternalProcess.RunAsync(binary, "-v");
        var start = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-p", folder, "-e", errorLog, "-c", config })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start");
        var nginx = new Nginx(process, errorLog, port, version.Error.Trim().Split(' ')[^1]);
        var clock = Stopwatch.StartNew();
        while (!await LoopbackPort.AcceptsAsync(port))
        {
            if (process.HasExited || clock.Elapsed > StartPatience)
            {
                await nginx.DisposeAsync();
                throw new InvalidOperationException($"nginx did not start listening on 127.0.0.1:{port}: {nginx.ErrorLogTail()}");
            }

            await Task.Delay(100);
        }

        return nginx;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // TERM: the master stops its workers, then exits; KILL of the whole tree only if it does not.
            await ExternalProcess.RunAsync("kill", "-TERM", Pid.ToString(CultureInfo.InvariantCulture));
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    public string ErrorLogTail() =>
        File.Exists(_errorLog) ? string.Join(" | ", File.ReadLines(_errorLog).TakeLast(5)) : "(no error log)";

    private List<int> Workers()
    {
        var children = $"/proc/{Pid}/task/{Pid}/children";
        return File.Exists(children)
            ? [.. File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))]
            : [];
    }
}
