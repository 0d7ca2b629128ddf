using System.Text;
using System.Text.Json;
using CsCheck;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.HostileInput;

/// <summary>Which rules an answer follows: problem details (the REST API), the Hub's error shape, or a page.</summary>
public enum Surface
{
    RestApi,
    HubApi,
    AdminPage,
}

/// <summary>One request as a hostile client writes it: the target exactly as sent, and a body.</summary>
public sealed record HostileRequest(Surface Surface, string Method, string Target, string? Body = null, string ContentType = "application/json")
{
    public override string ToString() =>
        $"{Method} {Shorten(Target)}{(Body is null ? "" : $" [{ContentType}] {Shorten(Body)}")}";

    private static string Shorten(string text) =>
        text.Length <= 400 ? text : $"{text[..200]}…({text.Length} chars)…{text[^100..]}";
}

/// <summary>
/// Generators of what a hostile client sends: path and revision tricks for every route template, bad
/// query values, malformed JSON, bodies of the right shape with the wrong types, huge numbers, unknown
/// fields, long strings, unicode and NUL.
/// </summary>
public static class HostileGen
{
    /// <summary>In every name a request could make the server create: <see cref="StoreGuard"/> looks for it.</summary>
    public const string Canary = "hostile-canary";

    private static readonly string[] _wan = ShippedRepos.Wan.Split('/');

    /// <summary>Path segments as they appear in a request target (percent-escapes left as written).</summary>
    private static readonly string[] _trickySegments =
    [
        "..", ".", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%2e", "..%2F..%2F" + Canary, "..%2f..%2f..%2f" + Canary, "%2F", "a%2Fb", "%2F" + Canary,
        "%00", "a%00b", Canary + "%00.json", "%5C", "..%5C..%5C" + Canary, "%5c%2e%2e", "%252e%252e", "%252F", "%c0%ae%c0%ae", "%ff%fe", "%",
        "%zz", "%2", "refs%2Fpr%2F1", "refs%2Fconvert%2Fparquet", "refs%2F..%2F..", "~", "%20", "%0A", "%0D%0A" + Canary, Canary, "con", "nul",
        "*", "%3F", "%23", "@", "%40%7B1%7D", "main%00", "main%2F..", "HEAD", "%7E", ":", "x.lock", "-rf", "%E2%80%AE", "%F0%9F%98%80",
        "%ED%A0%80", new string('a', 300), new string('b', 256), Uri.EscapeDataString(new string('é', 130)),
    ];

    private static readonly string[] _knownSegments =
    [
        "main", "HEAD", "config.json", "google", "umt5-xxl", "tokenizer.json", "README.md", "refs", "pr", "1", "", "admin", "v1", "hub",
    ];

    public static readonly Gen<string> Segment = Gen.Frequency(
        (6, Gen.OneOf(_trickySegments)),
        (3, Gen.OneOf(_knownSegments)),
        (1, Gen.Char["abAB09-_.~%/\\ é\0\u202e😀:@"].Array[0, 10].Select(chars => Encode(new string(chars)))));

    /// <summary>A path of one to six segments, joined by '/' or '//', with an occasional leading or trailing slash; or one far too long.</summary>
    public static readonly Gen<string> RepoPath = Gen.Frequency(
        (12, Gen.Select(Segment.Array[1, 6], Gen.Bool.Array[6], Gen.Int[0, 3], (segments, doubled, slashes) =>
            (slashes == 1 ? "/" : "")
            + string.Concat(segments.Select((s, i) => i == 0 ? s : (doubled[i] ? "//" : "/") + s))
            + (slashes == 2 ? "/" : ""))),
        (1, Gen.Const(string.Join('/', Enumerable.Repeat("abcdefghi", 1024)))),
        (1, Gen.Const(string.Concat(Enumerable.Repeat("a/", 3500)) + "config.json")));

    public static readonly Gen<string> Revision = Gen.Frequency((5, Segment), (2, Gen.OneOf("main", "HEAD", "refs/pr/1", "refs%2Fpr%2F1")));

    /// <summary>Mostly the synced repository, so the checks past "which repository" are reached.</summary>
    private static readonly Gen<(string Org, string Name)> _repo = Gen.Frequency(
        (6, Gen.Const((_wan[0], _wan[1]))),
        (2, Gen.Select(Segment, Gen.Const(_wan[1]))),
        (2, Gen.Select(Gen.Const(_wan[0]), Segment)),
        (1, Gen.Select(Segment, Segment)));

    private static readonly Gen<string> _limit = Gen.OneOf(
        "0", "-1", "1", "500", "501", "1000", "1001", "abc", "1e400", "1e3", "9223372036854775808", "2147483648", "-2147483649", "NaN",
        "-0", "1.5", "", "%00", "%201", "0x10", "%D9%A1", "1%00", new string('9', 400));

    private static readonly Gen<string> _cursor = Gen.Frequency(
        (3, Gen.OneOf(new[] { "a\0b", "../../" + Canary, new string('a', 3000), "\uffff", "Wan-AI/Wan2.1-T2V-1.3B", "1:zz", "-1:00", "99999999999999999999:" + Guid.Empty.ToString("N"), "" }
            .Select(position => Base64Url(Encoding.UTF8.GetBytes(position))).Append(Base64Url([0xff, 0xfe, 0x00])).ToArray())),
        (2, Gen.OneOf("!!!", "====", "%00", "", "a", "%2F%2F", new string('A', 5000))),
        (1, Gen.Char["abAZ09-_=+/%\0"].Array[0, 40].Select(chars => Encode(new string(chars)))));

    private static readonly Gen<string> _since = Gen.OneOf(
        "2024-01-01T00:00:00%2B02:00", "2024-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00%2B14:00", "0001-01-01",
        "yesterday", "1e400", "-1", "", "2024-13-45", "2024-01-01T00:00:00.0000000000001Z", "%00", "9999-12-31T23:59:59.9999999Z",
        "0001-01-01T00:00:00Z", "2024-01-01T00:00:00-23:59", "2024-01-01T00:00:00%2B14:01");

    /// <summary>Enumerations (state, kind, status, view, mode) and flags: right, wrongly cased, wrong, empty, NUL, very long.</summary>
    private static readonly Gen<string> _word = Gen.OneOf(
        "pending", "PENDING", "running", "completed", "failed", "cancelled", "sync", "download", "scan", "Download", "registered", "synced",
        "flat", "tree", "true", "false", "1", "0", "-1", "", "%00", "pending%00", "%C3%A9", new string('a', 5000), "null", "%5B%5D");

    private static readonly Gen<string> _text = Gen.Frequency(
        (2, Gen.OneOf("%25", "%5C", "_", "%00", "a%00b", ShippedRepos.Wan, "%27%3B--", "%E2%80%AE", new string('q', 6000), "*", "%F0%9F%98%80")),
        (1, Gen.Char["aZ%_\\'\0\"é😀 "].Array[0, 20].Select(chars => Encode(new string(chars)))));

    private static readonly Gen<string> _repoId = Gen.Frequency(
        (2, Gen.Const(Uri.EscapeDataString(ShippedRepos.Wan))),
        (3, Gen.Select(Segment, Segment, (a, b) => $"{a}%2F{b}")),
        (1, _text));

    private static readonly Gen<string> _jobId = Gen.Frequency(
        (2, Gen.Guid.Select(g => g.ToString())),
        (2, Segment),
        (1, Gen.OneOf("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "%7Bffffffff-ffff-ffff-ffff-ffffffffffff%7D", "ffffffffffffffffffffffffffffffff")));

    private static readonly Gen<string> _guids = Gen.Guid.Array[0, 3].Select(ids => string.Concat(ids.Select(id => $"&id={id}")));

    /// <summary>paths-info's form: many, long, NUL, '..', duplicated paths and flags.</summary>
    public static readonly Gen<string> PathsForm = Gen.Frequency(
        (6, Gen.Select(RepoPath.Array[0, 8], _word, (paths, expand) =>
            string.Join('&', paths.Select(p => "paths=" + p).Append("expand=" + expand)))),
        (1, Gen.Int[1000, 3000].Select(n => string.Join('&', Enumerable.Range(0, n).Select(i => $"paths=f{i}")))),
        (1, Gen.OneOf("", "paths", "=", "&&&", "paths=%", "paths=%zz", "%00=%00", "paths=" + new string('p', 100_000))));

    /// <summary>Every route template, with hostile values in each of its parameters.</summary>
    public static readonly Gen<HostileRequest> RouteRequest = Gen.OneOf<HostileRequest>(
        Gen.Select(Query(("limit", _limit), ("cursor", _cursor), ("status", _word), ("q", _text)),
            q => Rest("GET", $"/v1/hub/models{q}")),
        _repo.Select(r => Rest("GET", $"/v1/hub/models/{r.Org}/{r.Name}")),
        Gen.Select(_repo, Query(("revision", Revision), ("path", RepoPath), ("view", _word), ("limit", _limit), ("cursor", _cursor)),
            (r, q) => Rest("GET", $"/v1/hub/models/{r.Org}/{r.Name}/files{q}")),
        Gen.Select(_repo, Query(("revision", Revision), ("include", RepoPath), ("exclude", _text), ("include", _word)),
            (r, q) => Rest("GET", $"/v1/hub/models/{r.Org}/{r.Name}/export{q}")),
        Gen.Select(_repo, Gen.OneOf("POST", "DELETE", "PUT"), (r, method) => Rest(method, $"/v1/hub/models/{r.Org}/{r.Name}/pin")),
        Gen.Select(Query(("kind", _word), ("state", _word), ("repo_id", _repoId), ("since", _since), ("limit", _limit), ("cursor", _cursor)),
            q => Rest("GET", $"/v1/hub/jobs{q}")),
        Gen.Select(_jobId, Gen.OneOf("", "/cancel", "/retry"), Gen.OneOf("GET", "POST", "DELETE"), (id, action, method) =>
            Rest(action.Length == 0 ? method : "POST", $"/v1/hub/jobs/{id}{action}")),
        Gen.Select(_guids, Gen.OneOf("", "&id=not-a-guid", "&id=%00", "&id="), (ids, bad) => Rest("GET", $"/v1/hub/jobs/stream?x=1{ids}{bad}")),
        Gen.Select(RepoPath, Gen.OneOf("GET", "POST"), (path, method) => Rest(method, $"/v1/hub/{path}")),
        Gen.Select(_repo, Query(("blobs", _word), ("expand", _word), ("expand[]", _word)),
            (r, q) => Hub("GET", $"/api/models/{r.Org}/{r.Name}{q}")),
        Gen.Select(_repo, Revision, (r, rev) => Hub("GET", $"/api/models/{r.Org}/{r.Name}/revision/{rev}")),
        Gen.Select(_repo, Revision, RepoPath, Query(("recursive", _word), ("expand", _word), ("cursor", _cursor)),
            (r, rev, path, q) => Hub("GET", $"/api/models/{r.Org}/{r.Name}/tree/{rev}/{path}{q}")),
        Gen.Select(_repo, Revision, PathsForm,
            (r, rev, form) => Hub("POST", $"/api/models/{r.Org}/{r.Name}/paths-info/{rev}", form, "application/x-www-form-urlencoded")),
        Gen.Select(_repo, Gen.OneOf("resolve", "raw"), Revision, RepoPath, Gen.OneOf("GET", "HEAD"),
            (r, kind, rev, path, method) => Hub(method, $"/{r.Org}/{r.Name}/{kind}/{rev}/{path}")),
        Gen.Select(Query(("q", _text)), q => Page($"/{q}")),
        Gen.Select(_repo, Query(("path", RepoPath)), (r, q) => Page($"/repos/{r.Org}/{r.Name}{q}")),
        Gen.Select(Query(("state", _word), ("kind", _word), ("repo_id", _repoId)), q => Page($"/jobs{q}")),
        Gen.Const(Page("/storage")),
        Gen.Select(Gen.OneOf("/", "/admin/", "/_framework/", "/openapi/", "/health/"), RepoPath, (prefix, path) => Page(prefix + path)));

    // JSON values, as JSON text.
    private static readonly Gen<string> _jsonString = Gen.Frequency(
        (4, Gen.OneOf(new[]
        {
            ShippedRepos.Wan, "a/b", "", " ", "main", "refs/pr/1", "../../" + Canary, "/etc/passwd", "/tmp/" + Canary, "/", "verify", "reconcile",
            "import", "enforce-quota", "cache-view", "model", "dataset", "*", "**", "[", "[!", "[]]", "a\0b", "\0", "\u202e", "😀", "é", Canary, "NaN", "Infinity", "-0",
            "1e400", Guid.Empty.ToString(), "6d1b7c7e-8d4f-4a51-9a3e-0c6f7d2b9e11", "Wan-AI/Wan2.1-T2V-1.3B\0", "Wan-AI/../etc", "C:\\" + Canary, "\\\\server\\share",
            new string('x', 2000), new string('a', 100_000),
        }.Select(s => JsonSerializer.Serialize(s)).ToArray())),
        (1, Gen.OneOf("\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"a\\/b\"", "\"\\x41\"")),
        (1, Gen.String.Select(s => JsonSerializer.Serialize(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s))))));

    private static readonly Gen<string> _jsonNumber = Gen.Frequency(
        (3, Gen.OneOf("1e400", "-1e400", "9223372036854775808", "-9223372036854775809", "18446744073709551616", "2147483648", "-2147483649", "-0",
            "0", "-1", "1", "1.5", "1e-400", "36501", "36500", "1E+2", "0.0", "100000000000000000000000000000000000000000000000000")),
        (1, Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "1e308")));

    private static readonly Gen<string> _jsonScalar = Gen.Frequency(
        (4, _jsonString), (3, _jsonNumber), (1, Gen.OneOf("true", "false", "null")), (1, Gen.OneOf("NaN", "Infinity", "undefined", "'x'", "01")));

    private static readonly Gen<string> _jsonArray = Gen.Frequency(
        (4, _jsonScalar.Array[0, 5].Select(items => $"[{string.Join(',', items)}]")),
        (2, Gen.Guid.Array[0, 5].Select(ids => $"[{string.Join(',', ids.Select(id => $"\"{id}\""))}]")),
        (1, Gen.Int[999, 1002].Select(n => $"[{string.Join(',', Enumerable.Range(0, n).Select(i => $"\"{new Guid(i, 0, 0, new byte[8])}\""))}]")),
        (1, Gen.Const($"[{string.Join(',', Enumerable.Repeat("\"*\"", 101))}]")),
        (1, Gen.Const($"[{string.Join(',', Enumerable.Repeat("\"config.json\"", 5))}]")),
        (1, Gen.OneOf("[[]]", "[{}]", "[null]", "[\"a\",]", $"[{string.Join(',', Enumerable.Range(0, 20).Select(i => $"\"{Canary}{i}/../..\""))}]")));

    private static readonly Gen<string> _jsonValue = Gen.Frequency(
        (6, _jsonScalar), (3, _jsonArray), (1, Gen.OneOf("{}", "{\"a\":1}", "{\"repo_id\":\"a/b\"}", new string('[', 100) + new string(']', 100))));

    private static readonly Gen<string> _unknownField = Gen.OneOf(
        "extra", "repoId", "REPO_ID", "repo_id ", "$type", "__proto__", "", "\u0000", "artifact_ids\u0000", Canary, "paths[]");

    private static readonly string[] _malformed =
    [
        "", " ", "{", "}", "[", "nul", "{\"repo_id\":", "{'repo_id':'a/b'}", "{\"a\":1,}", "{\"repo_id\":\"a/b\"}{}", "{\"repo_id\":\"a/b\"} x",
        "\u0000", "\ufeff{}", new string('[', 2000), new string('{', 500), "1e400", "\"str\"", "null", "[]", "true", "{\"repo_id\":\"\\ud800\"}",
        "{\"repo_id\" \"a/b\"}", "{repo_id:\"a/b\"}", "{\"repo_id\":\"a/b\",\"repo_id\":\"c/d\"}", "/* comment */ {}", "{\"a\":\"\u0001\"}",
        "{\"artifact_ids\":[\"" + new string('0', 10) + "\"]}", "{\"mode\":\"verify\",\"older_than_days\":1e400}",
    ];

    /// <summary>The JSON endpoints and the fields their bodies have.</summary>
    private static readonly (Surface Surface, string Target, string[] Fields)[] _jsonEndpoints =
    [
        (Surface.RestApi, "/v1/hub/register", ["repo_id", "revision", "repo_type"]),
        (Surface.RestApi, "/v1/hub/sync", ["repo_id", "revision"]),
        (Surface.RestApi, "/v1/hub/download", ["artifact_ids", "repo_id", "revision", "include", "exclude"]),
        (Surface.RestApi, "/v1/hub/scan", ["mode", "repo_id", "older_than_days", "repair", "delete_orphans", "path", "max_bytes"]),
        (Surface.HubApi, $"/api/models/{ShippedRepos.Wan}/paths-info/main", ["paths", "expand"]),
    ];

    public static readonly Gen<(Surface Surface, string Target)> JsonEndpoint = Gen.OneOf(_jsonEndpoints.Select(e => (e.Surface, e.Target)).ToArray());

    /// <summary>A JSON endpoint and a body: malformed; or an object of its fields (a random subset, each any JSON value, maybe repeated) and unknown ones.</summary>
    public static readonly Gen<HostileRequest> JsonRequest = Gen.Int[0, _jsonEndpoints.Length - 1].SelectMany(index =>
    {
        var (surface, target, fields) = _jsonEndpoints[index];
        var field = Gen.Frequency((8, Gen.OneOf(fields)), (1, _unknownField));
        var member = Gen.Select(field, _jsonValue, (name, value) => $"{JsonSerializer.Serialize(name)}:{value}");
        var body = Gen.Frequency(
            (2, Gen.OneOf(_malformed)),
            (7, member.Array[0, 6].Select(members => "{" + string.Join(',', members) + "}")));
        return body.Select(b => new HostileRequest(surface, "POST", target, b));
    });

    /// <summary>The endpoints that take a body on /v1/hub (and those that take none: the limit is the same).</summary>
    public static readonly Gen<string> RestBodyTarget = Gen.OneOf(
        "/v1/hub/register", "/v1/hub/sync", "/v1/hub/download", "/v1/hub/scan", $"/v1/hub/models/{ShippedRepos.Wan}/pin",
        $"/v1/hub/jobs/{Guid.Empty}/cancel", $"/v1/hub/jobs/{Guid.Empty}/retry");

    /// <summary>A query string with each parameter there or not.</summary>
    private static Gen<string> Query(params (string Name, Gen<string> Value)[] parameters)
    {
        var pairs = Gen.Const(Array.Empty<string>());
        foreach (var (name, value) in parameters)
        {
            var pair = Gen.Frequency((1, Gen.Const("")), (1, value.Select(v => $"{name}={v}")));
            pairs = Gen.Select(pairs, pair, (list, p) => p.Length == 0 ? list : [.. list, p]);
        }

        return pairs.Select(list => list.Length == 0 ? "" : "?" + string.Join('&', list));
    }

    private static HostileRequest Rest(string method, string target) => new(Surface.RestApi, method, target);

    private static HostileRequest Hub(string method, string target, string? body = null, string contentType = "application/json") =>
        new(Surface.HubApi, method, target, body, contentType);

    private static HostileRequest Page(string target) => new(Surface.AdminPage, "GET", target);

    /// <summary>Percent-encodes what may not appear raw in a request target; '%' stays, so broken escapes get through too.</summary>
    private static string Encode(string text)
    {
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || "-._~%!$&'()*+,;=:@/".Contains(c))
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
