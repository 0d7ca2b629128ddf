namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>How the Hub spells a repository type in JSON and URLs.</summary>
public static class RepoTypeNames
{
    /// <summary><c>model</c> or <c>dataset</c>, as in <c>repo_type=</c>.</summary>
    public static string Name(this RepoType type) => type == RepoType.Dataset ? "dataset" : "model";

    /// <summary>The segment after <c>/api/</c>: <c>models</c> or <c>datasets</c>.</summary>
    public static string ApiSegment(this RepoType type) => type.Name() + "s";

    /// <summary>What comes before the id in file URLs: nothing for a model, <c>datasets/</c> for a dataset.</summary>
    public static string UrlPrefix(this RepoType type) => type == RepoType.Model ? "" : "datasets/";

    /// <summary><c>model</c> or <c>dataset</c> in any case; null or empty means a model.</summary>
    public static bool TryParse(string? name, out RepoType type)
    {
        type = RepoType.Model;
        if (string.IsNullOrEmpty(name) || name.Equals("model", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (name.Equals("dataset", StringComparison.OrdinalIgnoreCase))
        {
            type = RepoType.Dataset;
            return true;
        }

        return false;
    }
}
