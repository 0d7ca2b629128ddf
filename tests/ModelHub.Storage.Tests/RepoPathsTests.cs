namespace ModelHub.Storage.Tests;

public sealed class RepoPathsTests
{
    [Theory]
    [InlineData("config.json")]
    [InlineData("google/umt5-xxl/tokenizer.json")]
    [InlineData("a b/c d.txt")]
    [InlineData(".gitattributes")]
    [InlineData("dir/..hidden")]
    [InlineData("ünïcode/模型.bin")]
    public void When_a_path_is_plain_and_relative_Should_be_safe(string path) => RepoPaths.Validate(path).ShouldBeNull();

    [Theory]
    [InlineData("", "empty")]
    [InlineData("../x", "'..'")]
    [InlineData("a/../../b", "'..'")]
    [InlineData("/abs", "absolute")]
    [InlineData("C:/x", "absolute")]
    [InlineData("a\\b", "backslash")]
    [InlineData("a//b", "empty segment")]
    [InlineData("dir/", "empty segment")]
    [InlineData("./x", "'.'")]
    [InlineData("nul\0byte", "control")]
    [InlineData("new\nline", "control")]
    public void When_a_path_is_hostile_Should_refuse_it_with_the_reason(string path, string reason) =>
        RepoPaths.Validate(path)!.ShouldContain(reason);

    [Fact]
    public void When_a_path_or_a_segment_is_overlong_Should_refuse_it()
    {
        RepoPaths.Validate(new string('a', 256)).ShouldNotBeNull();
        RepoPaths.Validate(string.Join('/', Enumerable.Repeat(new string('a', 200), 6))).ShouldNotBeNull();
    }

    [Fact]
    public void When_a_path_is_resolved_Should_keep_a_safe_one_inside_its_root_and_refuse_an_unsafe_one()
    {
        RepoPaths.Resolve("/store", "metadata/a/b.json").ShouldBe("/store/metadata/a/b.json");
        Should.Throw<ArgumentException>(() => RepoPaths.Resolve("/store", "../etc/passwd"));
        Should.Throw<ArgumentException>(() => RepoPaths.Resolve("/store", "/etc/passwd"));
    }
}
