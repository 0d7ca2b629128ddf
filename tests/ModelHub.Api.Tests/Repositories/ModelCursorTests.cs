using ModelHub.Api.Repositories;

namespace ModelHub.Api.Tests.Repositories;

public sealed class ModelCursorTests
{
    [Fact]
    public void A_cursor_round_trips_the_last_repository_id()
    {
        var cursor = ListModelsEndpoint.EncodeCursor("Wan-AI/Wan2.1-T2V-1.3B");

        ListModelsEndpoint.TryDecodeCursor(cursor, out var last).ShouldBeTrue();
        last.ShouldBe("Wan-AI/Wan2.1-T2V-1.3B");
        cursor.ShouldNotContain("/");
    }

    [Theory]
    [InlineData("!!!")]
    [InlineData("Zm9v")]
    [InlineData("")]
    public void A_cursor_that_was_not_made_by_the_api_is_refused(string cursor) =>
        ListModelsEndpoint.TryDecodeCursor(cursor, out _).ShouldBeFalse();
}
