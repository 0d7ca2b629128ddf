namespace ModelHub.Upstream;

/// <summary>The JSON body of a paths-info request, as <c>@huggingface/hub</c> sends it (the Hub takes a form body too).</summary>
internal sealed record PathsInfoRequestJson(IReadOnlyList<string> Paths, bool Expand);
