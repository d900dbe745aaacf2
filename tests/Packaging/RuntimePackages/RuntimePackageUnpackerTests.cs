using System.Formats.Tar;
using Gravity.Core.Processes;
using Gravity.Oci.Content;
using Gravity.Packaging.RuntimePackages;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.RuntimePackages;

/// <summary>Unpacking a runtime package into a node's runtime folder: what lands there, with which modes, and what is refused before anything lands.</summary>
public sealed class RuntimePackageUnpackerTests : IDisposable
{
    private readonly TempDir _dir = new("runtime-unpack");
    private readonly ContentStore _store;

    public RuntimePackageUnpackerTests() => _store = new ContentStore(_dir.Combine("store"));

    private string Target => _dir.Combine("state", "runtime");

    [Fact]
    public async Task Unpacks_bin_and_runtime_json_root_owned_0755_and_replaces_an_older_unpack()
    {
        var programs = RuntimePackageTestImage.SmallPrograms(_dir.Combine("programs"));
        var image = await RuntimePackageTestImage.CreateAsync(_store, programs);
        Directory.CreateDirectory(Path.Combine(Target, "bin"));
        await File.WriteAllTextAsync(Path.Combine(Target, "bin", "stale"), "from an older package");
        // A kill -9 during an earlier unpack left its staging folder.
        Directory.CreateDirectory(RuntimePackageUnpacker.StagingOf(Target));
        await File.WriteAllTextAsync(Path.Combine(RuntimePackageUnpacker.StagingOf(Target), "half"), "");

        var package = await RuntimePackageImage.LoadAsync(_store, image.Manifest.Digest);
        await RuntimePackageUnpacker.UnpackAsync(_store, package, Target);

        package.Runtime.KubernetesVersion.Should().Be("1.35.2");
        Directory.GetFiles(Path.Combine(Target, "bin")).Select(Path.GetFileName).Should().BeEquivalentTo("etcd", "kubectl", "helm");
        (await File.ReadAllBytesAsync(Path.Combine(Target, "runtime.json"))).Should().Equal(RuntimePackageTestImage.RuntimeJson(programs));
        var run = await ProcessRunner.RunAsync(Path.Combine(Target, "bin", "etcd"), []);
        run.StdOut.Should().Contain("etcd from the runtime package");
        foreach (var path in new[] { Target, Path.Combine(Target, "bin"), Path.Combine(Target, "bin", "etcd") })
            File.GetUnixFileMode(path).Should().Be((UnixFileMode)0x1ED, path); // 0755
        File.GetUnixFileMode(Path.Combine(Target, "runtime.json")).Should().Be((UnixFileMode)0x1A4); // 0644
        if (Environment.IsPrivilegedProcess)
            (await ProcessRunner.RunCheckedAsync("stat", ["-c", "%u:%g", Path.Combine(Target, "bin", "etcd")])).StdOut.Trim().Should().Be("0:0");
        Directory.Exists(RuntimePackageUnpacker.StagingOf(Target)).Should().BeFalse();
        Directory.Exists(RuntimePackageUnpacker.RetiredOf(Target)).Should().BeFalse();
    }

    public static TheoryData<string, string> HostileLayers => new()
    {
        { "dot-dot", "'..' path segment" },
        { "absolute", "absolute path" },
        { "symlink-to-etc", "link" },
        { "hardlink", "link" },
        { "device", "unsupported type" },
        { "outside-bin", "only programs bin/<name>" },
        { "whiteout", "only programs bin/<name>" },
        { "nested-folder", "only the folder bin/" },
    };

    [Theory]
    [MemberData(nameof(HostileLayers))]
    public async Task A_hostile_layer_is_refused_and_leaves_the_runtime_folder_as_it_was(string variant, string reason)
    {
        var programs = RuntimePackageTestImage.SmallPrograms(_dir.Combine("programs"), "etcd");
        var good = await RuntimePackageTestImage.CreateLayerAsync(_store, async tar =>
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "bin/etcd") { DataStream = File.OpenRead(programs[0].SourcePath) }));
        var hostile = await RuntimePackageTestImage.CreateLayerAsync(_store, async tar =>
        {
            TarEntry entry = variant switch
            {
                "dot-dot" => new PaxTarEntry(TarEntryType.RegularFile, "bin/../../escaped") { DataStream = new MemoryStream("x"u8.ToArray()) },
                "absolute" => new PaxTarEntry(TarEntryType.RegularFile, "/tmp/escaped-runtime") { DataStream = new MemoryStream("x"u8.ToArray()) },
                "symlink-to-etc" => new PaxTarEntry(TarEntryType.SymbolicLink, "bin/kubectl") { LinkName = "/etc/passwd" },
                "hardlink" => new PaxTarEntry(TarEntryType.HardLink, "bin/kubectl") { LinkName = "/etc/shadow" },
                "device" => new PaxTarEntry(TarEntryType.CharacterDevice, "bin/kubectl") { DeviceMajor = 1, DeviceMinor = 3 },
                "outside-bin" => new PaxTarEntry(TarEntryType.RegularFile, "etc/cron.d/evil") { DataStream = new MemoryStream("x"u8.ToArray()) },
                "whiteout" => new PaxTarEntry(TarEntryType.RegularFile, "bin/.wh.etcd") { DataStream = new MemoryStream([]) },
                "nested-folder" => new PaxTarEntry(TarEntryType.Directory, "bin/sub/"),
                _ => throw new ArgumentOutOfRangeException(nameof(variant)),
            };
            await tar.WriteEntryAsync(entry);
        });
        var image = await RuntimePackageTestImage.CreateAsync(_store, programs, layers: [good, hostile]);
        Directory.CreateDirectory(Path.Combine(Target, "bin"));
        await File.WriteAllTextAsync(Path.Combine(Target, "bin", "etcd"), "the unpack before");

        var package = await RuntimePackageImage.LoadAsync(_store, image.Manifest.Digest);
        var act = () => RuntimePackageUnpacker.UnpackAsync(_store, package, Target);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage($"*layer 1*{reason}*");
        (await File.ReadAllTextAsync(Path.Combine(Target, "bin", "etcd"))).Should().Be("the unpack before");
        Directory.GetFiles(Path.Combine(Target, "bin")).Should().HaveCount(1);
        Directory.Exists(RuntimePackageUnpacker.StagingOf(Target)).Should().BeFalse("nothing is left half-written");
        File.Exists("/tmp/escaped-runtime").Should().BeFalse();
        File.Exists(_dir.Combine("state", "escaped")).Should().BeFalse();
    }

    [Fact]
    public async Task A_tampered_layer_is_refused_before_anything_is_unpacked()
    {
        var programs = RuntimePackageTestImage.SmallPrograms(_dir.Combine("programs"), "etcd", "kubectl");
        var first = await RuntimePackageTestImage.CreateLayerAsync(_store, async tar =>
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "bin/etcd") { DataStream = File.OpenRead(programs[0].SourcePath) }));
        var second = await RuntimePackageTestImage.CreateLayerAsync(_store, async tar =>
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "bin/kubectl") { DataStream = File.OpenRead(programs[1].SourcePath) }));
        var image = await RuntimePackageTestImage.CreateAsync(_store, programs, layers: [first, second]);
        var package = await RuntimePackageImage.LoadAsync(_store, image.Manifest.Digest);
        // The second layer is swapped for another valid gzip tar of the same size: only its digest tells.
        var path = _store.PathOf(second.Descriptor.Digest);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^9] ^= 0xFF; // inside the gzip trailer's CRC
        File.SetUnixFileMode(path, (UnixFileMode)0x1B6);
        await File.WriteAllBytesAsync(path, bytes);

        var act = () => RuntimePackageUnpacker.UnpackAsync(_store, package, Target);

        // Only the digest tells; what the earlier layer wrote is in the staging folder, which only root could enter, and goes.
        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage($"*layer 1 ({second.Descriptor.Digest})*damaged*");
        Directory.Exists(Target).Should().BeFalse();
        Directory.Exists(RuntimePackageUnpacker.StagingOf(Target)).Should().BeFalse();
    }

    [Fact]
    public async Task A_program_listed_in_runtime_json_but_missing_from_the_layers_is_refused()
    {
        var programs = RuntimePackageTestImage.SmallPrograms(_dir.Combine("programs"), "etcd");
        var listed = RuntimePackageTestImage.SmallPrograms(_dir.Combine("listed"), "etcd", "kubelet");
        var image = await RuntimePackageTestImage.CreateAsync(_store, programs, runtimeJson: RuntimePackageTestImage.RuntimeJson(listed));
        var package = await RuntimePackageImage.LoadAsync(_store, image.Manifest.Digest);

        var act = () => RuntimePackageUnpacker.UnpackAsync(_store, package, Target);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage("*runtime.json lists kubelet*");
        Directory.Exists(Target).Should().BeFalse();
    }

    [Fact]
    public async Task An_ordinary_image_is_not_a_runtime_package()
    {
        var image = await TestImages.CreateImageAsync(_store, new TestImageSpec { Seed = 3 });

        var act = () => RuntimePackageImage.LoadAsync(_store, image.Manifest.Digest);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage($"*config is of type application/vnd.oci.image.config.v1+json, not {RuntimePackageFormat.ConfigMediaType}*");
    }

    [Fact]
    public async Task A_layer_blob_replaced_by_a_symbolic_link_is_refused_before_it_is_read()
    {
        // The attack: the user who untarred the image swaps a layer's blob for a link to a file only root may read.
        var programs = RuntimePackageTestImage.SmallPrograms(_dir.Combine("programs"), "etcd");
        var image = await RuntimePackageTestImage.CreateAsync(_store, programs);
        var package = await RuntimePackageImage.LoadAsync(_store, image.Manifest.Digest);
        var blob = _store.PathOf(package.Manifest.Layers[0].Digest);
        var secret = _dir.Combine("root-only");
        File.Move(blob, secret);
        File.CreateSymbolicLink(blob, secret);

        var act = () => RuntimePackageUnpacker.UnpackAsync(_store, package, Target);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage("*layer 0*is a symbolic link*");
        Directory.Exists(Target).Should().BeFalse();
        Directory.Exists(RuntimePackageUnpacker.StagingOf(Target)).Should().BeFalse();
    }

    public void Dispose() => _dir.Dispose();
}
