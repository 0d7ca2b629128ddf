using ModelHub.Api.Registry;

namespace ModelHub.Api.Tests.Registry;

public sealed class RevisionNameTests
{
    [Theory]
    [InlineData("main")]
    [InlineData("refs/pr/12")]
    [InlineData("refs/convert/parquet")]
    [InlineData("v1.0.0")]
    [InlineData("39d5a2f0c1b2e3d4f5a6b7c8d9e0f1a2b3c4d583")]
    public void When_a_revision_is_a_branch_tag_commit_or_ref_Should_be_valid(string revision) => RevisionName.Validate(revision).ShouldBeNull();

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("../etc/passwd")]
    [InlineData("/abs")]
    [InlineData("trailing/")]
    [InlineData("two//slashes")]
    [InlineData("with space")]
    [InlineData("tab\tchar")]
    [InlineData("nul\0char")]
    [InlineData("back\\slash")]
    [InlineData("branch.lock")]
    [InlineData("@")]
    [InlineData("main@{1}")]
    [InlineData("-option")]
    public void When_git_would_refuse_the_name_Should_be_invalid(string revision) => RevisionName.Validate(revision).ShouldNotBeNull();

    [Fact]
    public void When_a_revision_is_longer_than_255_characters_Should_be_invalid() =>
        RevisionName.Validate(new string('a', 256)).ShouldNotBeNull();
}
