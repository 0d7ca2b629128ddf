using System.Net.Sockets;

namespace ModelHub.TestSupport;

public static class LoopbackPort
{
    /// <summary>Whether a server accepts connections on 127.0.0.1:<paramref name="port"/>: how a started server is told from one still starting.</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
