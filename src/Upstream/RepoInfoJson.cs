using System.Text.Json;

namespace ModelHub.Upstream;

// The Hub sends many more fields (xetHash, lastCommit, securityFileStatus, cardData, …): unknown ones are skipped.
internal sealed record RepoInfoJson(
    string? Id,
    string? Sha,
    List<SiblingJson>? Siblings,
    bool Private,
    JsonElement Gated,
    DateTimeOffset? LastModified);
