using System.Net.Sockets;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>An upstream that is not there: a loopback port nothing listens on, so connections are refused at once.</summary>
public static class DeadEndpoint
{
    public static string Create()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
