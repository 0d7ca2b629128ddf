using System.ComponentModel.DataAnnotations;

namespace ModelHub.Api.Security;

/// <summary>Section <c>Auth</c>: the API keys that may change ModelHub, as salted hashes.</summary>
public sealed class ApiKeyOptions : IValidatableObject
{
    public const string Section = "Auth";

    /// <summary>e.g. <c>Auth__Keys__0__Name=ops</c>, <c>…__Role=admin</c>, <c>…__Hash=sha256:…</c> (<c>./hub key</c> prints them).</summary>
    public List<ApiKeyEntry> Keys { get; set; } = [];

    /// <summary>
    /// Reads need a key too (either role): every <c>/v1/hub</c> read, the Hugging Face routes and the
    /// admin page, which then asks for a key once and keeps a read-only session cookie. Off by default:
    /// a mirror on a trusted network is read by machines that carry no key.
    /// </summary>
    public bool ProtectReads { get; set; }

    /// <summary>
    /// Where the keys that sign admin-page session cookies are kept (a folder only the Api reads), so
    /// sessions survive a restart and every Api instance on the machine accepts them. Empty: the
    /// framework's default for the user.
    /// </summary>
    public string SessionKeysPath { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // An entry with no hash is no key (compose passes an unset MODELHUB_ADMIN_KEY_HASH as "").
        foreach (var (key, index) in Keys.Select((k, i) => (k, i)).Where(e => e.k.Hash.Length > 0))
        {
            if (key.Role is not (Roles.Admin or Roles.Reader))
            {
                yield return new ValidationResult($"Auth:Keys:{index}:Role must be '{Roles.Admin}' or '{Roles.Reader}'.");
            }

            if (!ApiKeys.IsHash(key.Hash))
            {
                yield return new ValidationResult($"Auth:Keys:{index}:Hash is not a key hash (sha256:<salt>:<hash>; ./hub key makes one).");
            }
        }
    }
}
