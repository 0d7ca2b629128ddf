using ModelHub.Api.Repositories;

namespace ModelHub.Api.Tests.Repositories;

public sealed class RevisionNameTests
{
    [Theory]
    [InlineData("main")]
    [InlineData("refs/pr/12")]
    [InlineData("refs/convert/parquet")]
    [InlineData("v1.0.0")]
    [InlineData("39d5a2f0c1b2e3d4f5a6b7c8d9e0f1a2b3c4d583")]
    public void Branches_tags_commits_and_refs_are_valid(string revision) => RevisionName.Validate(revision).ShouldBeNull();

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
    public void Names_git_refuses_are_invalid(string revision) => RevisionName.Validate(revision).ShouldNotBeNull();

    [Fact]
    public void A_revision_longer_than_255_characters_is_invalid() =>
        RevisionName.Validate(new string('a', 256)).ShouldNotBeNull();
}
