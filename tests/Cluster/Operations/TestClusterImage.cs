using Gravity.Core.Processes;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Packaging.ClusterImage;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations;

/// <summary>
/// A small cluster image made for a test: two generated container images in packages/ (an OCI layout), an app.yaml,
/// the head; written as a cluster image tar with <see cref="ClusterImageWriter"/> and untarred with tar, as an operator would.
/// </summary>
internal static class TestClusterImage
{
    public const string AppName = "testapp";
    public const string AppVersion = "1.2.3";
    public static readonly string[] Images = ["leader.telekube.local:5000/testapp/web:1.0", "leader.telekube.local:5000/testapp/worker:2.0"];

    public static string Manifest(string extra = "") => $"""
        apiVersion: cluster.gravitational.io/v2
        kind: Cluster
        metadata:
          name: {AppName}
          resourceVersion: {AppVersion}
        installer:
          flavors:
            items:
              - name: single
                nodes:
                  - profile: worker
                    count: 1
        nodeProfiles:
          - name: worker
            description: test node
        {extra}
        """;

    /// <summary>Creates the image under <paramref name="root"/>/image (unpacked) and returns that folder.</summary>
    public static async Task<string> CreateAsync(string root, string? manifest = null, IReadOnlyDictionary<string, string>? resources = null)
    {
        var build = Path.Combine(root, "build");
        var blobs = new ContentStore(Path.Combine(root, "blobs"));
        var headImages = new List<HeadImage>();
        var layout = new List<(string, Oci.Model.Descriptor)>();
        for (var i = 0; i < Images.Length; i++)
        {
            var image = await TestImages.CreateImageAsync(blobs, new TestImageSpec { Seed = 40 + i, LayerSizes = [32 * 1024, 16 * 1024] });
            layout.Add((Images[i], image.Manifest));
            headImages.Add(new HeadImage
            {
                Reference = Images[i].Replace("leader.telekube.local:5000", "docker.io", StringComparison.Ordinal),
                Rewritten = Images[i], Digest = image.Manifest.Digest, MediaType = image.Manifest.MediaType, Size = image.Manifest.Size,
            });
        }
        await TestImageExport.WriteOciLayoutAsync(blobs, Path.Combine(build, "packages"), layout);
        await File.WriteAllTextAsync(Path.Combine(build, "app.yaml"), manifest ?? Manifest());
        foreach (var (name, text) in resources ?? new Dictionary<string, string>())
        {
            var path = Path.Combine(build, "packages", "resources", name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text);
        }

        var entries = new List<ArchiveEntry>();
        foreach (var file in Directory.EnumerateFiles(build, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            await using var s = File.OpenRead(file);
            entries.Add(new ArchiveEntry(Path.GetRelativePath(build, file).Replace('\\', '/'), ArchiveEntry.RegularMode, s.Length, await Digest.ComputeAsync(s)));
        }
        var head = new ClusterImageHead
        {
            Name = AppName, Version = AppVersion, Created = DateTimeOffset.UnixEpoch, Registry = "leader.telekube.local:5000",
            Images = headImages, Resources = (resources ?? new Dictionary<string, string>()).Keys.ToList(),
            Entries = entries.Select(HeadEntry.From).ToList(),
        };
        var headBytes = head.ToJson();
        var all = new List<ArchiveEntry> { new(ClusterImageLayout.HeadPath, ArchiveEntry.RegularMode, headBytes.Length, Digest.Compute(headBytes)) };
        all.AddRange(entries);

        var tar = Path.Combine(root, "image.tar");
        await using (var output = File.Create(tar))
            await ClusterImageWriter.WriteAsync(output, all, (e, _) => Task.FromResult<Stream>(
                e.Name == ClusterImageLayout.HeadPath ? new MemoryStream(headBytes) : File.OpenRead(Path.Combine(build, e.Name))));
        var unpacked = Path.Combine(root, "image");
        Directory.CreateDirectory(unpacked);
        await ProcessRunner.RunCheckedAsync("tar", ["-xf", tar, "-C", unpacked]);
        Directory.Delete(build, recursive: true);
        return unpacked;
    }
}
