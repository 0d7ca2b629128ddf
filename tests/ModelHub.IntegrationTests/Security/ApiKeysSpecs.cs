using ModelHub.Api.Security;

namespace ModelHub.IntegrationTests.Security;

/// <summary>The key format and its salted hash.</summary>
public sealed class ApiKeysSpecs
{
    [Fact]
    public void When_a_key_is_hashed_Should_match_its_hash_and_no_other()
    {
        var key = ApiKeys.NewKey();
        var hash = ApiKeys.Hash(key);

        key.ShouldStartWith(ApiKeys.Prefix);
        key.Length.ShouldBe(ApiKeys.Prefix.Length + 43);
        ApiKeys.IsHash(hash).ShouldBeTrue();
        ApiKeys.Matches(key, hash).ShouldBeTrue();
        ApiKeys.Matches(key + "x", hash).ShouldBeFalse();
        ApiKeys.Matches(ApiKeys.NewKey(), hash).ShouldBeFalse();
        hash.ShouldNotContain(key[ApiKeys.Prefix.Length..]);
    }

    [Fact]
    public void When_the_same_key_is_hashed_twice_Should_give_two_hashes_both_of_which_match()
    {
        var key = ApiKeys.NewKey();
        var (first, second) = (ApiKeys.Hash(key), ApiKeys.Hash(key));

        first.ShouldNotBe(second);
        (ApiKeys.Matches(key, first), ApiKeys.Matches(key, second)).ShouldBe((true, true));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256:abc")]
    [InlineData("md5:00:00")]
    [InlineData("sha256:00:zz")]
    public void When_a_hash_is_malformed_Should_match_nothing(string hash)
    {
        ApiKeys.IsHash(hash).ShouldBeFalse();
        ApiKeys.Matches(ApiKeys.NewKey(), hash).ShouldBeFalse();
    }

    [Fact]
    public void When_a_key_entry_has_no_hash_or_a_malformed_one_Should_ignore_the_first_and_stop_the_start_on_the_second()
    {
        static List<System.ComponentModel.DataAnnotations.ValidationResult> Validate(string hash) =>
            [.. new ApiKeyOptions { Keys = [new ApiKeyEntry { Name = "admin", Role = Roles.Admin, Hash = hash }] }
                .Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object()))];

        Validate("").ShouldBeEmpty();
        Validate(ApiKeys.Hash(ApiKeys.NewKey())).ShouldBeEmpty();
        Validate("sha256:typo").ShouldHaveSingleItem().ErrorMessage.ShouldNotBeNull().ShouldContain("Auth:Keys:0:Hash");
    }
}
