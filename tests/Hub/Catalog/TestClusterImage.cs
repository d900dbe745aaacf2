using Gravity.Oci;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Hub.Tests.Catalog;

/// <summary>A small cluster image written by hand with the deterministic writer: head first, then files of chosen sizes.</summary>
public static class TestClusterImage
{
    /// <summary>Writes NAME-VERSION.tar into <paramref name="dir"/>; <paramref name="files"/> maps entry names to content.</summary>
    public static async Task<string> WriteAsync(string dir, string name, string version, IReadOnlyDictionary<string, byte[]> files, string? fileName = null)
    {
        var path = Path.Combine(dir, fileName ?? $"{name}-{version}.tar");
        await WriteWithHeadAsync(path, Head(name, version, files).ToJson(), files);
        return path;
    }

    /// <summary>The head tele build would write for these files.</summary>
    public static ClusterImageHead Head(string name, string version, IReadOnlyDictionary<string, byte[]> files) => new()
    {
        Name = name,
        Version = version,
        Created = DateTimeOffset.Parse("2026-01-02T03:04:05Z"),
        Entries = Entries(files).Select(HeadEntry.From).ToList(),
    };

    /// <summary>A cluster image tar of these files behind exactly these head bytes (which may say anything).</summary>
    public static async Task WriteWithHeadAsync(string path, byte[] headBytes, IReadOnlyDictionary<string, byte[]> files)
    {
        var all = new List<ArchiveEntry> { new(ClusterImageLayout.HeadPath, ArchiveEntry.RegularMode, headBytes.Length, Digest.Compute(headBytes)) };
        all.AddRange(Entries(files));
        await using var output = File.Create(path);
        await ClusterImageWriter.WriteAsync(output, all, (e, _) =>
            Task.FromResult<Stream>(new MemoryStream(e.Name == ClusterImageLayout.HeadPath ? headBytes : files[e.Name])));
    }

    private static List<ArchiveEntry> Entries(IReadOnlyDictionary<string, byte[]> files)
        => files.Select(f => new ArchiveEntry(f.Key, f.Key.EndsWith(".sh") ? ArchiveEntry.ExecutableMode : ArchiveEntry.RegularMode,
            f.Value.Length, Digest.Compute(f.Value))).ToList();

    /// <summary>Deterministic pseudo-random content.</summary>
    public static byte[] Bytes(int seed, int size)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static Dictionary<string, byte[]> SampleFiles(int seed, int blobSize = 300_000) => new()
    {
        ["app.yaml"] = System.Text.Encoding.UTF8.GetBytes($"apiVersion: bundle.gravitational.io/v2\nkind: Bundle\nmetadata:\n  name: shop\n  resourceVersion: 1.0.{seed}\n"),
        ["install.sh"] = "#!/bin/sh\necho install\n"u8.ToArray(),
        ["packages/blobs/sha256/shared"] = Bytes(1, blobSize),
        [$"packages/blobs/sha256/own{seed}"] = Bytes(100 + seed, blobSize),
        ["empty"] = [],
    };
}
