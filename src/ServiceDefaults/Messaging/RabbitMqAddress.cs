using RabbitMQ.Client;

namespace ModelHub.ServiceDefaults.Messaging;

/// <summary>The parts of an <c>amqp://</c> URI that MassTransit's host configuration takes one by one.</summary>
public sealed record RabbitMqAddress(string Host, ushort Port, string VirtualHost, string Username, string Password)
{
    public static RabbitMqAddress Parse(string connectionString)
    {
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "rabbitmq"))
        {
            throw new FormatException("The RabbitMQ connection string must look like amqp://user:password@host:port/vhost.");
        }

        var credentials = uri.UserInfo.Split(':', 2);
        var username = credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : "guest";
        var password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "guest";
        var virtualHost = uri.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "/";
        var port = uri.IsDefaultPort ? (ushort)5672 : (ushort)uri.Port;
        return new RabbitMqAddress(uri.Host, port, virtualHost, username, password);
    }

    /// <summary>A plain RabbitMQ.Client connection factory to this address (checks and tests that talk to the broker directly).</summary>
    public ConnectionFactory ConnectionFactory() => new()
    {
        HostName = Host,
        Port = Port,
        VirtualHost = VirtualHost,
        UserName = Username,
        Password = Password,
    };

    // Never print the password, whoever logs this record.
    public override string ToString() => $"amqp://{Username}@{Host}:{Port}/{VirtualHost}";
}
