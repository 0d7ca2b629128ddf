using ModelHub.Contracts.Repositories;

namespace ModelHub.Api.Tests.Registry;

public sealed class RepoIdTests
{
    [Theory]
    [InlineData("Wan-AI/Wan2.1-T2V-1.3B")]
    [InlineData("google/gemma-2b")]
    [InlineData("a/b")]
    [InlineData("user_1/my.model_v2")]
    [InlineData("_org/_name_")]
    [InlineData("gpt2")]
    [InlineData("bert-base-uncased")]
    public void When_an_id_follows_the_hub_rules_Should_be_valid(string id) => RepoIdRules.Validate(id).ShouldBeNull();

    [Theory]
    [InlineData("org/name/extra")]
    [InlineData("/name")]
    [InlineData("org/")]
    [InlineData("org/na~me")]
    [InlineData("org/a--b")]
    [InlineData("org/.hidden")]
    [InlineData("org/name-")]
    [InlineData("org/name.GIT")]
    [InlineData(" org/name")]
    public void When_an_id_breaks_the_hub_rules_Should_be_invalid(string id) => RepoIdRules.Validate(id).ShouldNotBeNull();

    [Fact]
    public void When_a_part_is_measured_Should_allow_ninety_six_characters_and_no_more()
    {
        RepoIdRules.Validate("org/" + new string('a', 96)).ShouldBeNull();
        RepoIdRules.Validate("org/" + new string('a', 97)).ShouldNotBeNull();
        RepoIdRules.Validate(new string('a', 97) + "/name").ShouldNotBeNull();
    }

    [Theory]
    [InlineData("gpt2", false)]
    [InlineData("openai-community/gpt2", true)]
    public void When_an_id_is_asked_for_its_namespace_Should_say_whether_it_has_one(string id, bool expected) =>
        RepoIdRules.HasNamespace(id).ShouldBe(expected);
}
