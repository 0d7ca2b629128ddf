using System.Globalization;

namespace ModelHub.IntegrationTests.Faults;

/// <summary>
/// The service stack (the Api on real HTTP, for pull-through clients) with a short stall window, so
/// that an upstream that hangs or trickles is given up on in about a second instead of a minute.
/// </summary>
public sealed class MaliceFixture() : ServiceStackFixture("malice", realServer: true)
{
    public static readonly TimeSpan StallWindow = TimeSpan.FromSeconds(1);

    public const long MinBytesPerSecond = 1024;

    protected override IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>
    {
        ["Upstream:DownloadIdleTimeout"] = StallWindow.ToString(),
        ["Upstream:DownloadMinBytesPerSecond"] = MinBytesPerSecond.ToString(CultureInfo.InvariantCulture),
    };
}

[CollectionDefinition(Name)]
public sealed class MaliceCollection : ICollectionFixture<MaliceFixture>
{
    public const string Name = "malice";
}
