using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Files;

/// <summary>
/// Signed, expiring links to <c>/cdn/repos/{id}/{sha256}</c> (<c>/cdn/datasets/…</c> for a dataset) on the bridge host, shaped
/// like the Hub's CDN links (<c>Expires</c>, <c>Signature</c>, <c>Key-Pair-Id</c>), so a client must follow them as given and
/// ask <c>/resolve</c> for a new one once one has expired.
/// </summary>
internal sealed class CdnLinks(SimulatorOptions options)
{
    private const string KeyPairId = "KSIMULATORCDN01";
    private readonly byte[] _key = Encoding.UTF8.GetBytes($"cdn-key:{options.Seed}");

    public string Create(HttpRequest request, SimRepo repo, SimFile file)
    {
        var resource = ResourcePath(repo.Type, repo.Id, file.Sha256);
        var expires = DateTimeOffset.UtcNow.Add(options.SignedUrlLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var host = options.BridgeHost;
        var port = (options.BridgePort ?? request.Host.Port) is { } p ? $":{p.ToString(CultureInfo.InvariantCulture)}" : "";
        var disposition = Uri.EscapeDataString(ContentResponder.ContentDisposition(file.Path, "attachment"));
        return $"{request.Scheme}://{host}{port}{resource}?response-content-disposition={disposition}"
            + $"&Expires={expires}&Signature={Sign(resource, expires)}&Key-Pair-Id={KeyPairId}";
    }

    public bool IsValid(string resource, string? expires, string? signature) =>
        long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && DateTimeOffset.FromUnixTimeSeconds(seconds) > DateTimeOffset.UtcNow
        && signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(resource, expires!)));

    public static string ResourcePath(RepoType type, string repoId, string sha256) =>
        $"/cdn/{(type == RepoType.Model ? "repos" : "datasets")}/{repoId}/{sha256}";

    private string Sign(string resource, string expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{resource}:{expires}")));
}
