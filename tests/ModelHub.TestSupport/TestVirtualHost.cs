namespace ModelHub.TestSupport;

/// <summary>
/// A RabbitMQ virtual host of a fixture's own on the broker that <c>./hub test</c> started: its
/// queues (job-lifecycle, sync-repository, …) are seen by that fixture's services alone, so
/// collections that run the same services side by side never take each other's messages.
/// </summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private TestVirtualHost(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>The <c>amqp://</c> address of the virtual host, for <c>ConnectionStrings:RabbitMq</c>.</summary>
    public string ConnectionString { get; }

    public static async Task<TestVirtualHost> CreateAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        var broker = new Uri(TestInfrastructure.Require("RabbitMq"));
        var user = Uri.UnescapeDataString(broker.UserInfo.Split(':')[0]);
        await RabbitMqCtlAsync("add_vhost", name);
        await RabbitMqCtlAsync("set_permissions", "-p", name, user, ".*", ".*", ".*");
        return new TestVirtualHost(name, new UriBuilder(broker) { Path = "/" + Uri.EscapeDataString(name) }.Uri.ToString());
    }

    public async ValueTask DisposeAsync() => await RabbitMqCtlAsync("delete_vhost", Name);

    /// <summary>Runs the test broker's rabbitmqctl (./hub test passes its path).</summary>
    public static async Task RabbitMqCtlAsync(params string[] arguments)
    {
        var ctl = Environment.GetEnvironmentVariable("MODELHUB_TEST_RABBITMQCTL")
            ?? throw new InvalidOperationException("MODELHUB_TEST_RABBITMQCTL is not set: run the tests with ./hub test.");
        await ExternalProcess.RunCheckedAsync(ctl, ["-q", .. arguments]);
    }
}
