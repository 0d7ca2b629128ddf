using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Api.Tests.Messaging;

public sealed class RabbitMqAddressTests
{
    [Fact]
    public void An_amqp_uri_gives_host_port_vhost_and_credentials()
    {
        var address = RabbitMqAddress.Parse("amqp://modelhub:p%40ss@127.0.0.1:25472/");

        address.ShouldBe(new RabbitMqAddress("127.0.0.1", 25472, "/", "modelhub", "p@ss"));
    }

    [Fact]
    public void A_named_virtual_host_is_kept() =>
        RabbitMqAddress.Parse("amqp://u:p@rabbit/hub").VirtualHost.ShouldBe("hub");

    [Fact]
    public void Printing_the_address_never_shows_the_password() =>
        RabbitMqAddress.Parse("amqp://modelhub:secret123@localhost:5672/").ToString().ShouldNotContain("secret123");

    [Theory]
    [InlineData("localhost:5672")]
    [InlineData("http://localhost/")]
    public void Something_else_than_an_amqp_uri_is_refused(string text) =>
        Should.Throw<FormatException>(() => RabbitMqAddress.Parse(text));
}
