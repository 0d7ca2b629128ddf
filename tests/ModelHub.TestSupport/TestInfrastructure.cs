namespace ModelHub.TestSupport;

/// <summary>Where the servers that <c>./hub test</c> started are: it passes their addresses in the environment.</summary>
public static class TestInfrastructure
{
    public static string Require(string name) =>
        Environment.GetEnvironmentVariable($"ConnectionStrings__{name}") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"ConnectionStrings__{name} is not set. Run the tests with `./hub test`, "
                + "which starts PostgreSQL, RabbitMQ and Redis for them.");
}
