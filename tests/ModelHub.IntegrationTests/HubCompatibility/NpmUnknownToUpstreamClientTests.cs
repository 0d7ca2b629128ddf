namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary>The npm client and an imported repository the upstream (the fixture's simulator, up) has never heard of.</summary>
[Collection(ScanCollection.Name)]
public sealed class NpmUnknownToUpstreamClientTests(ScanFixture fixture, NpmHubClient npm) : NpmImportedRepositoryChecks(fixture, npm), IClassFixture<NpmHubClient>
{
    protected override string? Upstream => null;
}
