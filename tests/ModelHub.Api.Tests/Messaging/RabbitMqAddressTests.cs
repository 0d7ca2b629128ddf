using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Api.Tests.Messaging;

public sealed class RabbitMqAddressTests
{
    [Fact]
    public void When_an_amqp_uri_is_parsed_Should_give_host_port_vhost_and_credentials()
    {
        var address = RabbitMqAddress.Parse("amqp://modelhub:p%40ss@127.0.0.1:25472/");

        address.ShouldBe(new RabbitMqAddress("127.0.0.1", 25472, "/", "modelhub", "p@ss"));
    }

    [Fact]
    public void When_the_uri_names_a_virtual_host_Should_keep_it() =>
        RabbitMqAddress.Parse("amqp://u:p@rabbit/hub").VirtualHost.ShouldBe("hub");

    [Fact]
    public void When_the_address_is_printed_Should_never_show_the_password() =>
        RabbitMqAddress.Parse("amqp://modelhub:secret123@localhost:5672/").ToString().ShouldNotContain("secret123");

    [Theory]
    [InlineData("localhost:5672")]
    [InlineData("http://localhost/")]
    public void When_the_text_is_not_an_amqp_uri_Should_refuse_it(string text) =>
        Should.Throw<FormatException>(() => RabbitMqAddress.Parse(text));
}
