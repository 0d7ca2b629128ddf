using ModelHub.Contracts.Repositories;

namespace ModelHub.Api.Tests.Repositories;

/// <summary>The include/exclude globs, read as huggingface_hub's fnmatch reads them.</summary>
public sealed class FilePatternsTests
{
    [Theory]
    [InlineData("*.safetensors", "model-00001.safetensors", true)]
    [InlineData("*.safetensors", "onnx/model.onnx", false)]
    [InlineData("tokenizer/", "tokenizer/vocab.json", true)]
    [InlineData("model-0000[12].bin", "model-00002.bin", true)]
    [InlineData("model-0000[!12].bin", "model-00002.bin", false)]
    [InlineData("[]]x", "]x", true)]
    [InlineData("[!]]x", "ax", true)]
    [InlineData("[]", "[]", true)]
    [InlineData("a[", "a[", true)]
    [InlineData("[a-c].json", "b.json", true)]
    public void When_a_path_is_matched_Should_follow_fnmatch(string pattern, string path, bool matches) =>
        FilePatterns.ToRegex(pattern).IsMatch(path).ShouldBe(matches);

    [Theory]
    [InlineData("*.json")]
    [InlineData("[]")]
    [InlineData("[!]")]
    [InlineData("%2E%2E//%c0%ae")]
    public void When_a_pattern_can_be_read_Should_be_valid(string pattern) => FilePatterns.Validate(pattern).ShouldBeNull();

    [Fact]
    public void When_a_set_runs_backwards_Should_be_invalid_with_the_pattern_named() =>
        FilePatterns.Validate("[z-a]").ShouldNotBeNull().ShouldContain("[z-a]");
}
