using System.Text.Json.Serialization;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>
/// The kind of a Hub repository. The same id may name a model and a dataset: two repositories that
/// share nothing, told apart by their URLs (<c>/api/datasets/…</c>, <c>/datasets/{id}/resolve/…</c>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RepoType>))]
public enum RepoType
{
    [JsonStringEnumMemberName("model")]
    Model,

    [JsonStringEnumMemberName("dataset")]
    Dataset,
}
