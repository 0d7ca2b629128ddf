using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModelHub.IntegrationTests.HubCompatibility.CallerTokens;

/// <summary>
/// A stack whose own upstream token opens no gated repository, with callers' tokens on (<c>Upstream:CallerTokens</c>):
/// the simulator's token plays a reader's own Hugging Face token, which has access.
/// </summary>
public sealed class CallerTokenFixture() : ServiceStackFixture("caller-tokens", realServer: true)
{
    public const string HubToken = "hf_modelhub_without_gated_access";

    protected override IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>
    {
        ["Upstream:Token"] = HubToken,
        ["Upstream:CallerTokens"] = "true",
    };

    /// <summary>What the Api logged, to show a reader's token is not in it.</summary>
    public RecordedLogs ApiLogs { get; } = new();

    protected override void ConfigureApiServices(IServiceCollection services) =>
        services.AddLogging(logging => logging.AddProvider(ApiLogs).SetMinimumLevel(LogLevel.Debug));

    /// <summary>The reader's own token: one the upstream accepts for its gated repositories.</summary>
    public string ReaderToken => Simulator.Options.Token;
}

[CollectionDefinition(Name)]
public sealed class CallerTokenCollection : ICollectionFixture<CallerTokenFixture>
{
    public const string Name = "caller-tokens";
}
