using ModelHub.Api.Conventions;
using ModelHub.Api.Repositories;

namespace ModelHub.Api.Tests.Repositories;

public sealed class ModelCursorTests
{
    [Fact]
    public void A_cursor_round_trips_the_last_repository_id()
    {
        var cursor = Paging.Encode("Wan-AI/Wan2.1-T2V-1.3B");
        var errors = new Dictionary<string, string[]>();

        Paging.After(errors, cursor, ListModelsEndpoint.ReadCursor).ShouldBe("Wan-AI/Wan2.1-T2V-1.3B");
        errors.ShouldBeEmpty();
        cursor.ShouldNotContain("/");
    }

    [Theory]
    [InlineData("!!!")]
    [InlineData("Zm9v")]
    [InlineData("")]
    public void A_cursor_that_was_not_made_by_the_api_is_refused(string cursor)
    {
        var errors = new Dictionary<string, string[]>();

        Paging.After(errors, cursor, ListModelsEndpoint.ReadCursor).ShouldBeNull();
        errors["cursor"].ShouldBe([Paging.InvalidCursor]);
    }
}
