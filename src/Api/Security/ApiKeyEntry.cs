namespace ModelHub.Api.Security;

/// <summary>One configured API key: who holds it, its role, and the salted hash it is checked against.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>Who holds the key, for the logs ("ops", "ci"); never the key.</summary>
    public string Name { get; set; } = "";

    public string Role { get; set; } = Roles.Admin;

    public string Hash { get; set; } = "";
}
