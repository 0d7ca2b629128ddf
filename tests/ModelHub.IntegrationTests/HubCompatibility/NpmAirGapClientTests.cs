namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary>The npm client and an imported repository on an air-gapped site: the upstream a dead port.</summary>
[Collection(ScanCollection.Name)]
public sealed class NpmAirGapClientTests(ScanFixture fixture, NpmHubClient npm) : NpmImportedRepositoryChecks(fixture, npm), IClassFixture<NpmHubClient>
{
    protected override string? Upstream { get; } = DeadEndpoint.Create();
}
