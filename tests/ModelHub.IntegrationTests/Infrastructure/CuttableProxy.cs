using System.Collections.Concurrent;
using System.Net.Sockets;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP relay on a loopback port of its own to a server, which a test can cut as a restart of that server
/// would: open connections are reset, new ones refused, until it is restored on the same port. One
/// fixture's services reach PostgreSQL through it, so the outage is theirs alone.
/// </summary>
public sealed class CuttableProxy : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private TcpListener? _listener;
    private CancellationTokenSource _running = new();

    private CuttableProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
    }

    public int Port { get; private set; }

    public static CuttableProxy Start(string targetHost, int targetPort)
    {
        var proxy = new CuttableProxy(targetHost, targetPort);
        proxy.Listen(0);
        return proxy;
    }

    /// <summary>Resets every relayed connection and refuses new ones.</summary>
    public void Cut()
    {
        _running.Cancel();
        _listener?.Stop();
        foreach (var client in _open.Keys)
        {
            Reset(client);
        }
    }

    public void Restore()
    {
        _running = new CancellationTokenSource();
        Listen(Port);
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        _running.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Listen(int port)
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _ = AcceptAsync(listener, _running.Token);
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cut)
    {
        while (!cut.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cut);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client, cut);
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken cut)
    {
        using var server = new TcpClient();
        _open[client] = 0;
        _open[server] = 0;
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, cut);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cut);
            var up = client.GetStream().CopyToAsync(server.GetStream(), either.Token);
            var down = server.GetStream().CopyToAsync(client.GetStream(), either.Token);
            await Task.WhenAny(up, down);
            await either.CancelAsync();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Cut, or one side hung up: both go.
        }
        finally
        {
            _open.TryRemove(client, out _);
            _open.TryRemove(server, out _);
            Reset(client);
        }
    }

    // No FIN, a RST: what a client sees when the server's process is gone.
    private static void Reset(TcpClient client)
    {
        if (client.Client is not { } socket)
        {
            return; // closed already
        }

        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
        }

        client.Close();
    }
}
