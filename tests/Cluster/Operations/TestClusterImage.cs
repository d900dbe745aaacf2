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

    public static string Manifest(string extra = "") => Manifest(AppName, AppVersion, extra);

    public static string Manifest(string name, string version, string extra = "") => $"""
        apiVersion: cluster.gravitational.io/v2
        kind: Cluster
        metadata:
          name: {name}
          resourceVersion: {version}
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

    /// <summary>Where the runtime package of the worker profile is, when the image has one.</summary>
    public const string RuntimePackageImage = "leader.telekube.local:5000/gravity/runtime:1.35.2";

    /// <summary>
    /// Creates the image under <paramref name="root"/>/image (unpacked) and returns that folder. With
    /// <paramref name="runtimePrograms"/>, the worker profile's runtime package carries them.
    /// </summary>
    public static Task<string> CreateAsync(string root, string? manifest = null, IReadOnlyDictionary<string, string>? resources = null,
        IReadOnlyList<RuntimePackageProgram>? runtimePrograms = null)
        => CreateAsync(root, new TestClusterImageVersion(), manifest, resources, runtimePrograms);

    /// <summary>The images of <see cref="Images"/> with the seeds of their generated layers (the same seed, the same blobs).</summary>
    public static readonly IReadOnlyList<(string Reference, int Seed)> DefaultImages = [(Images[0], 40), (Images[1], 41)];

    /// <summary>An image of <paramref name="version"/>: another application version, other container images, a gravity binary.</summary>
    public static async Task<string> CreateAsync(string root, TestClusterImageVersion version, string? manifest = null, IReadOnlyDictionary<string, string>? resources = null,
        IReadOnlyList<RuntimePackageProgram>? runtimePrograms = null)
    {
        var build = Path.Combine(root, "build");
        var blobs = new ContentStore(Path.Combine(root, "blobs"));
        var headImages = new List<HeadImage>();
        var layout = new List<(string, Oci.Model.Descriptor)>();
        foreach (var (reference, seed) in version.Images ?? DefaultImages)
        {
            var image = await TestImages.CreateImageAsync(blobs, new TestImageSpec { Seed = seed, LayerSizes = version.LayerSizes ?? [32 * 1024, 16 * 1024] });
            layout.Add((reference, image.Manifest));
            headImages.Add(new HeadImage
            {
                Reference = reference.Replace("leader.telekube.local:5000", "docker.io", StringComparison.Ordinal),
                Rewritten = reference, Digest = image.Manifest.Digest, MediaType = image.Manifest.MediaType, Size = image.Manifest.Size,
            });
        }
        var runtimePackages = new SortedDictionary<string, HeadRuntimePackage>(StringComparer.Ordinal);
        if (runtimePrograms is not null)
        {
            var package = await RuntimePackageTestImage.CreateAsync(blobs, runtimePrograms, version.KubernetesVersion);
            layout.Add((RuntimePackageImage, package.Manifest));
            var reference = RuntimePackageImage.Replace("leader.telekube.local:5000", "docker.io", StringComparison.Ordinal);
            headImages.Add(new HeadImage
            {
                Reference = reference, Rewritten = RuntimePackageImage, Digest = package.Manifest.Digest, MediaType = package.Manifest.MediaType, Size = package.Manifest.Size,
            });
            runtimePackages["worker"] = new HeadRuntimePackage { Reference = reference, Digest = package.Manifest.Digest, KubernetesVersion = version.KubernetesVersion };
        }
        await TestImageExport.WriteOciLayoutAsync(blobs, Path.Combine(build, "packages"), layout);
        await File.WriteAllTextAsync(Path.Combine(build, "app.yaml"), manifest ?? Manifest(version.Name, version.Version));
        if (version.GravityBinaryFile is { } gravityFile)
        {
            File.Copy(gravityFile, Path.Combine(build, ClusterImageLayout.GravityBinary));
            File.SetUnixFileMode(Path.Combine(build, ClusterImageLayout.GravityBinary), (UnixFileMode)0b111_101_101);
        }
        else if (version.GravityBinary is { } gravity)
        {
            await File.WriteAllTextAsync(Path.Combine(build, ClusterImageLayout.GravityBinary), gravity);
            File.SetUnixFileMode(Path.Combine(build, ClusterImageLayout.GravityBinary), (UnixFileMode)0b111_101_101);
        }
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
            var name = Path.GetRelativePath(build, file).Replace('\\', '/');
            entries.Add(new ArchiveEntry(name, name == ClusterImageLayout.GravityBinary ? ArchiveEntry.ExecutableMode : ArchiveEntry.RegularMode, s.Length, await Digest.ComputeAsync(s)));
        }
        var head = new ClusterImageHead
        {
            Name = version.Name, Version = version.Version, Created = DateTimeOffset.UnixEpoch, Registry = "leader.telekube.local:5000",
            Images = headImages, Resources = (resources ?? new Dictionary<string, string>()).Keys.ToList(), RuntimePackages = runtimePackages,
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
