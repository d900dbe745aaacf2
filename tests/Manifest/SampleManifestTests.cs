namespace Gravity.Manifest.Tests;

/// <summary>The sample manifest of manifest-reference.md, with its file:// fields beside it.</summary>
public class SampleManifestTests
{
    private static async Task<ManifestLoadResult> LoadAsync()
    {
        var result = await ManifestLoader.LoadFileAsync(Fixtures.SampleManifest, Fixtures.NoEnvironment);
        result.ErrorText.Should().BeEmpty();
        result.Succeeded.Should().BeTrue();
        return result;
    }

    [Fact]
    public async Task Header_metadata_and_inlined_fields()
    {
        var m = (await LoadAsync()).Manifest!;
        m.ApiVersion.Should().Be("bundle.gravitational.io/v2");
        m.Kind.Should().Be("Bundle");
        m.Metadata.Should().BeEquivalentTo(new ManifestMetadata
        {
            Name = "ApplicationName", ResourceVersion = "0.0.1-alpha.1", Description = "Description of the application\n",
            Author = "Alice <alice@example.com>", Namespace = "default", Repository = "gravitational.io",
            Labels = new Dictionary<string, string>(), Hidden = false,
        });
        m.ReleaseNotes.Should().Be(File.ReadAllText(Path.Combine(Fixtures.Dir, "sample", "notes.html")));
        m.Logo.Should().StartWith("data:image/svg+xml;base64,");
        DataUrl.TryDecode(m.Logo!, out _, out var logo).Should().BeTrue();
        logo.Should().Equal(File.ReadAllBytes(Path.Combine(Fixtures.Dir, "sample", "logo.svg")));
        m.BaseImage.Should().Be("gravity:7.0.0");
        m.Installer.Eula!.Source.Should().Be("End user license agreement.\nUse at your own risk.\n");
        m.Installer.Flavors.Description.Should().Be("Pick the size of your cluster.\n");
        m.WebConfig.Should().Be("{}");
        m.Hooks.Keys.Should().Equal("install", "postInstall");
        m.Hooks["install"].Job.Should().Contain("name: db-seed");
        m.Hooks["postInstall"].Job.Should().Be(File.ReadAllText(Path.Combine(Fixtures.Dir, "sample", "post-install-hook.yaml")));
        m.FindHook("install").Should().NotBeNull();
        m.FindHook("status").Should().BeNull();
    }

    [Fact]
    public async Task Endpoints_providers_and_installer()
    {
        var m = (await LoadAsync()).Manifest!;
        m.Endpoints.Should().HaveCount(2);
        m.Endpoints[0].Should().BeEquivalentTo(new Endpoint
        {
            Name = "Control Panel", Description = "The admin interface of the application",
            Selector = new Dictionary<string, string> { ["app"] = "nginx" }, Protocol = "https", Namespace = "default",
        });
        m.Endpoints[1].Should().BeEquivalentTo(new Endpoint { Name = "Setup", ServiceName = "setup-helper", Namespace = "default", Port = 443, Hidden = true });
        var p = m.Providers!;
        p.Default.Should().Be("generic");
        p.Aws!.Terraform.Should().BeEquivalentTo(new TerraformSpec { Script = "file://terraform.tf", InstanceScript = "file://instance.tf" });
        p.Aws.Regions.Should().Equal("us-east-1", "us-west-2");
        p.Aws.Network!.Type.Should().Be("aws-vpc");
        p.Aws.IamPolicy.Should().BeEquivalentTo(new IamPolicy { Version = "2012-10-17", Actions = [] });
        p.Azure!.Disabled.Should().BeTrue();
        p.Generic!.Network!.Type.Should().Be("vxlan");
        p.Gce.Should().BeNull();
        var flavors = m.Installer.Flavors;
        flavors.Prompt.Should().Be("How many requests per second will you need?");
        flavors.Default.Should().Be("small");
        flavors.Items.Select(f => f.Name).Should().Equal("small", "large");
        flavors.Items[1].Nodes.Should().BeEquivalentTo(new[] { new FlavorNode { Profile = "worker", Count = 5 }, new FlavorNode { Profile = "db", Count = 3 } });
        m.DefaultFlavor!.Name.Should().Be("small");
        m.DefaultFlavor.TotalNodes.Should().Be(5);
        m.FindFlavor("large")!.Description.Should().Be("250+ requests/sec");
        m.Installer.SetupEndpoints.Should().Equal("Setup");
    }

    [Fact]
    public async Task Node_profiles()
    {
        var m = (await LoadAsync()).Manifest!;
        m.NodeProfiles.Select(p => p.Name).Should().Equal("db", "worker");
        var db = m.FindProfile("db")!;
        db.Description.Should().Be("Cassandra Node");
        db.Labels.Should().Equal(new Dictionary<string, string> { ["role"] = "db" });
        db.Taints.Should().BeEquivalentTo(new[] { new Taint { Key = "custom-taint", Value = "custom-value", Effect = "NoExecute" } });
        var r = db.Requirements;
        r.Cpu.Should().BeEquivalentTo(new CpuRequirement { Min = 8, Max = 64 });
        r.Ram.Should().BeEquivalentTo(new RamRequirement { Min = 32_000_000_000, Max = 256_000_000_000 });
        r.Os.Should().BeEquivalentTo(new[]
        {
            new OsRequirement { Name = "centos", Versions = ["7"] },
            new OsRequirement { Name = "rhel", Versions = ["7.2", "7.3"] },
        });
        r.Volumes[0].Should().BeEquivalentTo(new Volume { Path = "/var/lib/logs", Capacity = 512_000_000_000 });
        r.Volumes[0].IsMount.Should().BeFalse();
        r.Volumes[1].Should().BeEquivalentTo(new Volume
        {
            Name = "app-data", Path = "/var/lib/data", TargetPath = "/var/lib/data", Capacity = 512_000_000_000,
            Filesystems = ["ext4", "xfs"], MinTransferRate = 50_000_000, CreateIfMissing = true, SkipIfMissing = false,
            Uid = 114, Gid = 114, Mode = Convert.ToInt32("755", 8), Recursive = false, Hidden = false, SeLinuxLabel = "none",
        });
        r.Volumes[1].IsMount.Should().BeTrue();
        r.Devices.Should().BeEquivalentTo(new[] { new Device { Path = "/dev/nvidia*", Permissions = "rw", FileMode = Convert.ToInt32("666", 8), Uid = 0, Gid = 0 } });
        r.Network!.MinTransferRate.Should().Be(50_000_000);
        r.Network.Ports.Should().ContainSingle().Which.Protocol.Should().Be("tcp");
        r.Network.Ports[0].Ranges.Should().Equal(new PortRange(8080, 8080), new PortRange(10000, 10005));
        r.Network.Ports[0].Ranges[1].Ports().Should().HaveCount(6);
        r.CustomChecks.Should().ContainSingle().Which.Description.Should().Be("custom check");
        r.CustomChecks[0].Script.Should().StartWith("#!/bin/bash").And.EndWith("test -d /opt\n");
        db.ExpandPolicy.Should().Be("fixed");
        db.ServiceRole.Should().Be("master");
        db.Providers!.Aws!.InstanceTypes.Should().Equal("c3.2xlarge", "m3.2xlarge");
        db.SystemOptions!.BaseImage.Should().Be("custom-planet:1.0.0");
        db.SystemOptions.Docker!.StorageDriver.Should().BeNull("the profile's docker: {} sets nothing");
        m.SystemOptionsFor(db).Docker!.StorageDriver.Should().Be("overlay2");
        var worker = m.FindProfile("worker")!;
        worker.Requirements.Cpu!.Max.Should().BeNull();
        worker.Requirements.Ram!.Min.Should().Be(4_000_000_000);
        worker.ServiceRole.Should().BeNull();
        m.FindProfile("none").Should().BeNull();
    }

    [Fact]
    public async Task License_system_options_and_extensions()
    {
        var m = (await LoadAsync()).Manifest!;
        m.License.Should().BeEquivalentTo(new LicenseSpec { Enabled = true, Type = "certificate" });
        var s = m.SystemOptions!;
        s.AllowPrivileged.Should().BeFalse();
        s.Args.Should().BeEmpty();
        s.Runtime.Should().BeEquivalentTo(new RuntimeSpec { Name = "kubernetes", Version = "1.5.0" });
        s.Docker.Should().BeEquivalentTo(new DockerOptions { StorageDriver = "overlay2", Args = ["--log-level=DEBUG"] });
        s.Etcd!.Args.Should().Equal("-debug");
        s.Kubelet.Should().BeEquivalentTo(new KubeletOptions { Args = ["--system-reserved=memory=500Mi"], HairpinMode = "promiscuous-bridge" });
        m.Dependencies.Should().BeEquivalentTo(new DependenciesSpec());
        m.Extensions.Should().BeEquivalentTo(new ExtensionsSpec
        {
            LogsDisabled = true, MonitoringDisabled = true, CatalogDisabled = true, KubernetesDisabled = false,
            ConfigurationDisabled = false, Encryption = new EncryptionSpec { EncryptionKey = "...", CaCert = "..." },
        });
        m.Ingress!["nginx"].Should().BeEquivalentTo(new Dictionary<string, object?> { ["enabled"] = false });
        m.OpenEbsEnabled.Should().BeFalse();
        m.AllowPrivileged.Should().BeFalse();
    }

    [Fact]
    public async Task The_final_yaml_has_everything_inlined_and_parses_to_the_same_model()
    {
        var result = await LoadAsync();
        result.FinalYaml.Should().NotContain("file://notes.html").And.NotContain("file://post-install-hook.yaml").And.NotContain("file://logo.svg");
        var again = ManifestLoader.Parse(result.FinalYaml!, "app.yaml");
        again.ErrorText.Should().BeEmpty();
        again.Manifest.Should().BeEquivalentTo(result.Manifest, o => o.RespectingRuntimeTypes());
        again.FinalYaml.Should().Be(result.FinalYaml);
    }

    [Fact]
    public async Task The_final_yaml_is_deterministic()
    {
        var first = await LoadAsync();
        var second = await LoadAsync();
        second.FinalYaml.Should().Be(first.FinalYaml);
    }
}
