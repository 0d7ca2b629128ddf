using System.Security.Cryptography;
using System.Text;
using ModelHub.UpstreamSimulator.Content;
using ModelHub.UpstreamSimulator.Files;

namespace ModelHub.UpstreamSimulator.Tests.Content;

public sealed class ContentTests
{
    [Fact]
    public void When_git_object_ids_are_computed_Should_match_git_hash_object()
    {
        GitObjects.BlobId(Encoding.UTF8.GetBytes("Hello, World!")).ShouldBe("b45ef6fec89518d314f546fd6c3025367b721684");
        GitObjects.BlobId([]).ShouldBe("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
        GitObjects.TreeId([]).ShouldBe("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
    }

    [Fact]
    public void When_an_lfs_pointer_is_written_Should_be_the_spec_text_and_134_bytes_for_a_nine_digit_size()
    {
        var pointer = GitObjects.LfsPointer(new string('a', 64), 548_123_560);
        pointer.ShouldBe($"version https://git-lfs.github.com/spec/v1\noid sha256:{new string('a', 64)}\nsize 548123560\n");
        Encoding.UTF8.GetByteCount(pointer).ShouldBe(134);
    }

    [Fact]
    public void When_generated_content_is_read_at_any_offset_Should_give_the_same_bytes()
    {
        var content = FileContent.Generated(42, 10_007);
        var whole = content.ReadAllBytes();
        foreach (var (offset, length) in new[] { (0L, 1), (3L, 17), (8L, 8), (9_999L, 8), (5_001L, 3_333) })
        {
            var part = new byte[length];
            content.CopyTo(offset, part);
            part.ShouldBe(whole.AsSpan((int)offset, length).ToArray());
        }

        FileContent.Generated(42, 10_007).ReadAllBytes().ShouldBe(whole);
        FileContent.Generated(43, 10_007).ReadAllBytes().ShouldNotBe(whole);
    }

    [Fact]
    public void When_content_is_hashed_Should_give_the_hashes_of_its_bytes()
    {
        var content = FileContent.Generated(7, 3_000_001);
        var bytes = content.ReadAllBytes();
        var (sha256, blobId) = GitObjects.Hash(content, withBlobId: true);
        sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        blobId.ShouldBe(GitObjects.BlobId(bytes));
    }

    [Theory]
    [InlineData("bytes=0-0", 100, (int)RangeKind.Partial, 0, 1)]
    [InlineData("bytes=10-", 100, (int)RangeKind.Partial, 10, 90)]
    [InlineData("bytes=10-19", 100, (int)RangeKind.Partial, 10, 10)]
    [InlineData("bytes=90-500", 100, (int)RangeKind.Partial, 90, 10)]
    [InlineData("bytes=-5", 100, (int)RangeKind.Partial, 95, 5)]
    [InlineData("bytes=100-", 100, (int)RangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=0-0", 0, (int)RangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=5-1", 100, (int)RangeKind.Whole, 0, 100)]
    [InlineData("bytes=0-1,5-6", 100, (int)RangeKind.Whole, 0, 100)]
    [InlineData("items=0-1", 100, (int)RangeKind.Whole, 0, 100)]
    [InlineData(null, 100, (int)RangeKind.Whole, 0, 100)]
    public void When_a_range_header_is_parsed_Should_read_as_http_says(string? header, long size, int kind, long start, long length)
    {
        ByteRange.Parse(header, size).ShouldBe(new ByteRange((RangeKind)kind, start, length));
    }
}
