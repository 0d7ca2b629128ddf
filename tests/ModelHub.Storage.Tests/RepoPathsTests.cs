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
    public void Plain_relative_paths_are_safe(string path) => RepoPaths.Validate(path).ShouldBeNull();

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
    public void Hostile_paths_are_refused_with_the_reason(string path, string reason) =>
        RepoPaths.Validate(path)!.ShouldContain(reason);

    [Fact]
    public void Overlong_paths_and_segments_are_refused()
    {
        RepoPaths.Validate(new string('a', 256)).ShouldNotBeNull();
        RepoPaths.Validate(string.Join('/', Enumerable.Repeat(new string('a', 200), 6))).ShouldNotBeNull();
    }

    [Fact]
    public void Resolve_keeps_a_safe_path_inside_its_root_and_refuses_an_unsafe_one()
    {
        RepoPaths.Resolve("/store", "metadata/a/b.json").ShouldBe("/store/metadata/a/b.json");
        Should.Throw<ArgumentException>(() => RepoPaths.Resolve("/store", "../etc/passwd"));
        Should.Throw<ArgumentException>(() => RepoPaths.Resolve("/store", "/etc/passwd"));
    }
}
