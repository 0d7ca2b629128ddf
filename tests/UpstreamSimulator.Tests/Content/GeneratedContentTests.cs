using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Tests.Content;

public sealed class GeneratedContentTests
{
    [Fact]
    public void When_framed_content_is_read_in_pieces_Should_give_the_same_bytes_as_read_whole_with_head_and_tail_in_place()
    {
        byte[] head = [1, 2, 3, 4, 5];
        byte[] tail = [9, 8, 7];
        var content = FileContent.Framed(42, 1_000, head, tail);

        var whole = content.ReadAllBytes();
        var pieces = new byte[1_000];
        for (var offset = 0; offset < pieces.Length; offset += 7)
        {
            content.CopyTo(offset, pieces.AsSpan(offset, Math.Min(7, pieces.Length - offset)));
        }

        pieces.ShouldBe(whole);
        whole[..5].ShouldBe(head);
        whole[^3..].ShouldBe(tail);
        whole[5..^3].ShouldBe(FileContent.Generated(42, 1_000).ReadAllBytes()[5..^3]);
    }

    [Fact]
    public void When_small_and_large_files_are_hashed_Should_give_the_hashes_of_their_bytes()
    {
        foreach (var size in new[] { 0, 1, 4_096, (1 << 20) + 3 })
        {
            var content = FileContent.Generated(7, size);
            var bytes = content.ReadAllBytes();

            var (sha256, blobId) = GitObjects.Hash(content, withBlobId: true);

            sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)), $"{size} bytes");
            blobId.ShouldBe(GitObjects.BlobId(bytes), $"{size} bytes");
        }
    }

    [Fact]
    public void When_deferred_content_is_made_Should_run_its_maker_once_and_only_when_read()
    {
        var made = 0;
        var content = FileContent.Deferred(() =>
        {
            made++;
            return [1, 2, 3];
        });

        made.ShouldBe(0);
        content.Length.ShouldBe(3);
        content.ReadAllBytes().ShouldBe(new byte[] { 1, 2, 3 });
        made.ShouldBe(1);
    }

    [Fact]
    public void When_card_metadata_is_written_as_yaml_Should_quote_what_yaml_would_read_as_something_else()
    {
        var yaml = CardYaml.Write(new JsonObject
        {
            ["license"] = "mit",
            ["size_categories"] = new JsonArray("10K<n<100K"),
            ["names"] = new JsonObject { ["0"] = "no", ["1"] = "it's: odd" },
            ["empty"] = new JsonArray(),
            ["default"] = true,
            ["count"] = 3,
            ["missing"] = null,
        });

        yaml.ShouldBe(
            "license: mit\nsize_categories:\n- 10K<n<100K\nnames:\n  '0': 'no'\n  '1': 'it''s: odd'\nempty: []\ndefault: true\ncount: 3\nmissing: null\n");
    }
}
