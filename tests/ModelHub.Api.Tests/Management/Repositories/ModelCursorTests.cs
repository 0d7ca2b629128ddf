using ModelHub.Api.Management.Conventions;
using ModelHub.Api.Management.Repositories;

namespace ModelHub.Api.Tests.Management.Repositories;

public sealed class ModelCursorTests
{
    [Fact]
    public void When_a_cursor_is_made_and_read_back_Should_give_the_last_repository_id()
    {
        var cursor = Paging.Encode("Wan-AI/Wan2.1-T2V-1.3B");
        var errors = new Dictionary<string, string[]>();

        Paging.After(errors, cursor, ListRepositoriesEndpoint.ReadCursor).ShouldBe("Wan-AI/Wan2.1-T2V-1.3B");
        errors.ShouldBeEmpty();
        cursor.ShouldNotContain("/");
    }

    [Theory]
    [InlineData("!!!")]
    [InlineData("Zm9v")]
    [InlineData("")]
    public void When_a_cursor_was_not_made_by_the_api_Should_refuse_it(string cursor)
    {
        var errors = new Dictionary<string, string[]>();

        Paging.After(errors, cursor, ListRepositoriesEndpoint.ReadCursor).ShouldBeNull();
        errors["cursor"].ShouldBe([Paging.InvalidCursor]);
    }
}
