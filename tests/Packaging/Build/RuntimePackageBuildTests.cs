using Gravity.Core;
using Gravity.Packaging.Build;
using Gravity.Packaging.ClusterImage;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.Build;

/// <summary>
/// tele build vendors the runtime package the manifest names (baseImage, systemOptions.baseImage, per profile) from a
/// real registry, checks that it is one, and records in the head which image each profile unpacks.
/// </summary>
public sealed class RuntimePackageBuildTests
{
    private static string Manifest(string registry, string globalBase, string? workerBase = null, string runtimeVersion = "") => $"""
        apiVersion: bundle.gravitational.io/v2
        kind: Bundle
        metadata:
          name: example
          resourceVersion: 1.0.0
        baseImage: {globalBase}
        installer:
          flavors:
            items:
              - name: one
                nodes:
                  - profile: master
                    count: 1
        nodeProfiles:
          - name: master
            description: control plane
          - name: worker
            description: workers
        {(workerBase is null ? "" : $"    systemOptions:\n      baseImage: {workerBase}\n")}{(runtimeVersion.Length == 0 ? "" : $"systemOptions:\n  runtime:\n    version: \"{runtimeVersion}\"\n")}
        """;

    [Fact]
    public async Task Vendors_each_profiles_runtime_package_and_records_it_in_the_head()
    {
        using var f = await BuildFixture.CreateAsync();
        await using var registry = await RegistryProcess.StartAsync();
        var programs = RuntimePackageTestImage.SmallPrograms(f.Dir.Combine("programs"));
        var standard = await RuntimePackageTestImage.CreateAsync(f.SourceStore, programs);
        var custom = await RuntimePackageTestImage.CreateAsync(f.SourceStore, programs, kubernetesVersion: "1.35.3");
        await TestImageExport.PushAsync(f.SourceStore, standard.Manifest, registry, "gravity/runtime:1.35.2");
        await TestImageExport.PushAsync(f.SourceStore, custom.Manifest, registry, "vendor/custom-runtime:1.0.0");
        await File.WriteAllTextAsync(Path.Combine(f.AppDir, "app.yaml"),
            Manifest(registry.HostPort, $"{registry.HostPort}/gravity/runtime:1.35.2", $"{registry.HostPort}/vendor/custom-runtime:1.0.0"));
        File.Delete(Path.Combine(f.AppDir, "install-hook.yaml"));
        File.Delete(Path.Combine(f.AppDir, "resources.yaml"));

        var result = await ClusterImageBuilder.BuildAsync(f.Request(r => r with { Registry = registry.ClientOptions() }));

        var head = result.Head!;
        head.RuntimePackages.Keys.Should().BeEquivalentTo("master", "worker");
        head.RuntimePackages["master"].Reference.Should().Be($"{registry.HostPort}/gravity/runtime:1.35.2");
        head.RuntimePackages["master"].Digest.Should().Be(standard.Manifest.Digest);
        head.RuntimePackages["master"].KubernetesVersion.Should().Be("1.35.2");
        head.RuntimePackages["worker"].Digest.Should().Be(custom.Manifest.Digest);
        head.RuntimePackages["worker"].KubernetesVersion.Should().Be("1.35.3");
        head.Images.Select(i => i.Digest).Should().Contain([standard.Manifest.Digest, custom.Manifest.Digest]);
        // The written head reads back (the validator checks the records against the images) and every blob is in the file.
        (await ClusterImageVerifier.VerifyAsync(result.OutputPath!)).Problems.Should().BeEmpty();
        var reader = await ClusterImageReader.OpenAsync(result.OutputPath!);
        var written = reader.Head.RuntimePackages;
        written["worker"].Reference.Should().Be($"{registry.HostPort}/vendor/custom-runtime:1.0.0");
        var entries = head.Entries.Select(e => e.Name).ToHashSet();
        foreach (var blob in custom.Blobs.Concat(standard.Blobs))
            entries.Should().Contain(ClusterImageLayout.BlobPath(blob.Digest));
    }

    [Fact]
    public async Task An_ordinary_image_named_as_base_image_is_refused_naming_file_line_and_field_and_nothing_is_written()
    {
        using var f = await BuildFixture.CreateAsync();
        await using var registry = await RegistryProcess.StartAsync();
        var programs = RuntimePackageTestImage.SmallPrograms(f.Dir.Combine("programs"));
        var standard = await RuntimePackageTestImage.CreateAsync(f.SourceStore, programs);
        await TestImageExport.PushAsync(f.SourceStore, standard.Manifest, registry, "gravity/runtime:1.35.2");
        await TestImageExport.PushAsync(f.SourceStore, f.Web.Manifest, registry, "example/plain:1.0.0");
        await File.WriteAllTextAsync(Path.Combine(f.AppDir, "app.yaml"),
            Manifest(registry.HostPort, $"{registry.HostPort}/gravity/runtime:1.35.2", $"{registry.HostPort}/example/plain:1.0.0"));

        var act = () => ClusterImageBuilder.BuildAsync(f.Request(r => r with { Registry = registry.ClientOptions() }));

        // nodeProfiles[1].systemOptions.baseImage is on line 20 of the manifest above.
        (await act.Should().ThrowAsync<GravityException>())
            .WithMessage($"app.yaml:20: nodeProfiles[1].systemOptions.baseImage: {registry.HostPort}/example/plain:1.0.0 is not a runtime package: its config is of type application/vnd.oci.image.config.v1+json*");
        Directory.GetFileSystemEntries(Path.GetDirectoryName(f.Output)!).Should().BeEmpty();
    }

    [Fact]
    public async Task A_runtime_package_with_a_bad_runtime_json_is_refused_naming_the_field_of_both()
    {
        using var f = await BuildFixture.CreateAsync();
        await using var registry = await RegistryProcess.StartAsync();
        var programs = RuntimePackageTestImage.SmallPrograms(f.Dir.Combine("programs"));
        var bad = await RuntimePackageTestImage.CreateAsync(f.SourceStore, programs,
            runtimeJson: RuntimePackageTestImage.RuntimeJson(programs.Select(p => p with { Name = "../" + p.Name })));
        await TestImageExport.PushAsync(f.SourceStore, bad.Manifest, registry, "gravity/runtime:1.35.2");
        await File.WriteAllTextAsync(Path.Combine(f.AppDir, "app.yaml"), Manifest(registry.HostPort, $"{registry.HostPort}/gravity/runtime:1.35.2"));

        var act = () => ClusterImageBuilder.BuildAsync(f.Request(r => r with { Registry = registry.ClientOptions() }));

        (await act.Should().ThrowAsync<GravityException>())
            .WithMessage("app.yaml:6: baseImage: *is not a runtime package: runtime.json: binaries[0].name '../etcd' is not a program name*");
    }

    [Fact]
    public async Task A_runtime_version_the_package_does_not_carry_is_refused()
    {
        using var f = await BuildFixture.CreateAsync();
        await using var registry = await RegistryProcess.StartAsync();
        var programs = RuntimePackageTestImage.SmallPrograms(f.Dir.Combine("programs"));
        var standard = await RuntimePackageTestImage.CreateAsync(f.SourceStore, programs);
        await TestImageExport.PushAsync(f.SourceStore, standard.Manifest, registry, "gravity/runtime:1.35.2");
        await File.WriteAllTextAsync(Path.Combine(f.AppDir, "app.yaml"), Manifest(registry.HostPort, $"{registry.HostPort}/gravity/runtime:1.35.2", runtimeVersion: "1.30.0"));

        var act = () => ClusterImageBuilder.BuildAsync(f.Request(r => r with { Registry = registry.ClientOptions() }));

        (await act.Should().ThrowAsync<GravityException>())
            .WithMessage("app.yaml: systemOptions.runtime.version asks for Kubernetes 1.30.0, but *gravity/runtime:1.35.2 (app.yaml:6: baseImage) carries 1.35.2");
    }

    [Fact]
    public async Task The_script_of_docs_runtime_md_assembles_a_package_tele_build_takes_from_an_oci_layout()
    {
        using var f = await BuildFixture.CreateAsync();
        var programs = RuntimePackageTestImage.SmallPrograms(f.Dir.Combine("programs"), "etcd", "kubelet");
        var layout = f.Dir.Combine("runtime-layout");
        string[] args = [Path.Combine(RepositorySources.Root, "scripts", "make-runtime-package.sh"), "--kubernetes-version", "1.35.2", "--output", layout,
            .. programs.Select(p => p.SourcePath), $"vendor-tool={programs[0].SourcePath}"];
        var made = await Gravity.Core.Processes.ProcessRunner.RunAsync("bash", args);
        made.ExitCode.Should().Be(0, made.Combined);
        var again = await Gravity.Core.Processes.ProcessRunner.RunAsync("bash", [.. args[..4], f.Dir.Combine("second-layout"), .. args[5..]]);
        again.ExitCode.Should().Be(0, again.Combined);
        (await File.ReadAllTextAsync(Path.Combine(f.Dir.Combine("second-layout"), "index.json"))).Should().Be(await File.ReadAllTextAsync(Path.Combine(layout, "index.json")), "the script is reproducible");
        await File.WriteAllTextAsync(Path.Combine(f.AppDir, "app.yaml"), Manifest("", "gravity/runtime:1.35.2"));

        var result = await ClusterImageBuilder.BuildAsync(f.Request(r => r with { OciLayouts = [f.LayoutDir, layout] }));

        var package = result.Head!.RuntimePackages["worker"];
        package.Reference.Should().Be("docker.io/gravity/runtime:1.35.2");
        package.KubernetesVersion.Should().Be("1.35.2");
        result.Head.RuntimePackages["master"].Should().Be(package);
        // What the node would unpack: the programs, and runtime.json naming each with what it is.
        var store = new Gravity.Oci.Content.ContentStore(layout);
        var image = await Gravity.Packaging.RuntimePackages.RuntimePackageImage.LoadAsync(store, package.Digest);
        image.Runtime.Binaries.Select(b => (b.Name, b.Kind)).Should().Equal(("etcd", "etcd"), ("kubelet", "kubelet"), ("vendor-tool", "other"));
        var target = f.Dir.Combine("node", "runtime");
        await Gravity.Packaging.RuntimePackages.RuntimePackageUnpacker.UnpackAsync(store, image, target);
        Directory.GetFiles(Path.Combine(target, "bin")).Select(Path.GetFileName).Should().BeEquivalentTo("etcd", "kubelet", "vendor-tool");
    }
}
