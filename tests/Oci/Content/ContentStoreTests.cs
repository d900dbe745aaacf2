using System.Security.Cryptography;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Testing;

namespace Gravity.Oci.Tests.Content;

public class ContentStoreTests
{
    private static byte[] RandomBytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Fact]
    public async Task Stores_verified_content_under_its_digest()
    {
        using var dir = new TempDir();
        var store = new ContentStore(dir.Path);
        var data = RandomBytes(300_000, 1);
        var digest = Digest.Compute(data);

        await store.PutAsync(new MemoryStream(data), digest, data.Length);

        store.Exists(digest).Should().BeTrue();
        (await store.ReadAllBytesAsync(digest)).Should().Equal(data);
        store.List().Should().ContainSingle().Which.Should().Be(digest);
    }

    [Fact]
    public async Task Content_that_does_not_match_its_digest_never_becomes_visible()
    {
        using var dir = new TempDir();
        var store = new ContentStore(dir.Path);
        var data = RandomBytes(10_000, 2);
        var wrong = Digest.Compute(RandomBytes(10, 3));

        var act = () => store.PutAsync(new MemoryStream(data), wrong);

        await act.Should().ThrowAsync<DigestMismatchException>();
        store.Exists(wrong).Should().BeFalse();
        Directory.GetFiles(Path.Combine(dir.Path, "ingest")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_size_mismatch_is_rejected_even_when_the_hash_would_match()
    {
        using var dir = new TempDir();
        var store = new ContentStore(dir.Path);
        var data = RandomBytes(1000, 4);
        var act = () => store.PutAsync(new MemoryStream(data), Digest.Compute(data), expectedSize: 999);
        await act.Should().ThrowAsync<DigestMismatchException>();
        store.List().Should().BeEmpty();
    }

    [Fact]
    public async Task Concurrent_writers_of_the_same_blob_all_succeed()
    {
        using var dir = new TempDir();
        var store = new ContentStore(dir.Path);
        var data = RandomBytes(2_000_000, 5);
        var digest = Digest.Compute(data);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.PutAsync(new MemoryStream(data), digest, data.Length))));

        SHA256.HashData(await File.ReadAllBytesAsync(store.PathOf(digest))).Should().Equal(Convert.FromHexString(digest.Hex));
        Directory.GetFiles(Path.Combine(dir.Path, "ingest")).Should().BeEmpty();
    }

    [Fact]
    public async Task Verify_removes_a_blob_damaged_at_rest()
    {
        using var dir = new TempDir();
        var store = new ContentStore(dir.Path);
        var digest = await store.PutBytesAsync(RandomBytes(4096, 6));
        var bytes = await File.ReadAllBytesAsync(store.PathOf(digest));
        bytes[100] ^= 0xff;
        await File.WriteAllBytesAsync(store.PathOf(digest), bytes);

        (await store.VerifyAsync(digest)).Should().BeFalse();
        store.Exists(digest).Should().BeFalse();
    }

    [Fact]
    public async Task Ingest_left_by_a_killed_writer_is_cleaned_and_never_read()
    {
        using var dir = new TempDir();
        var store = new ContentStore(dir.Path);
        var leftover = store.NewIngestPath();
        await File.WriteAllBytesAsync(leftover, RandomBytes(100, 7));
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddHours(-2));

        store.List().Should().BeEmpty();
        store.CleanIngest(TimeSpan.FromHours(1)).Should().Be(1);
        File.Exists(leftover).Should().BeFalse();
    }

    [Fact]
    public async Task Unknown_digest_content_is_hashed_on_the_way_in()
    {
        using var dir = new TempDir();
        var store = new ContentStore(dir.Path);
        var data = RandomBytes(50_000, 8);
        var (digest, size) = await store.PutAsync(new MemoryStream(data));
        digest.Should().Be(Digest.Compute(data));
        size.Should().Be(data.Length);
    }

    [Theory]
    [InlineData("sha256:../../etc/passwd")]
    [InlineData("sha256:ABCDEF")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    public void Digests_that_could_escape_or_are_malformed_are_refused(string text)
        => Digest.TryParse(text, out _).Should().BeFalse();
}
