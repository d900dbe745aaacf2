namespace Gravity.Manifest.Tests;

public class DefaultsTests
{
    private static AppManifest Parse(string yaml)
    {
        var result = ManifestLoader.Parse(yaml, "app.yaml");
        result.ErrorText.Should().BeEmpty();
        return result.Manifest!;
    }

    [Fact]
    public void A_minimal_manifest_gets_its_defaults_and_the_implied_profile_and_flavor()
    {
        var m = Parse(Marked.Header);
        m.Metadata.Namespace.Should().Be("default");
        m.Metadata.Repository.Should().Be("gravitational.io");
        m.Metadata.Hidden.Should().BeFalse();
        m.Metadata.Labels.Should().BeEmpty();
        m.Endpoints.Should().BeEmpty();
        m.Hooks.Should().BeEmpty();
        m.NodeProfiles.Should().ContainSingle().Which.Should().BeEquivalentTo(new NodeProfile { Name = "node" });
        var flavor = m.Installer.Flavors.Items.Should().ContainSingle().Subject;
        flavor.Name.Should().Be("default");
        flavor.Nodes.Should().BeEquivalentTo(new[] { new FlavorNode { Profile = "node", Count = 1 } });
        m.Installer.Flavors.Default.Should().Be("default");
        m.DefaultFlavor!.TotalNodes.Should().Be(1);
        m.ReleaseNotes.Should().BeNull();
        m.Providers.Should().BeNull();
        m.SystemOptions.Should().BeNull();
    }

    [Fact]
    public void Null_values_count_as_absent()
    {
        var m = Parse(Marked.Header + "releaseNotes: ~\nendpoints:\nhooks: null\n");
        m.ReleaseNotes.Should().BeNull();
        m.Endpoints.Should().BeEmpty();
        m.Hooks.Should().BeEmpty();
    }

    [Fact]
    public void Without_a_default_flavor_the_first_one_is_the_default()
    {
        var m = Parse(Marked.Header + "nodeProfiles:\n  - name: node\ninstaller:\n  flavors:\n    items:\n      - name: a\n        nodes: [{profile: node, count: 2}]\n      - name: b\n        nodes: [{profile: node, count: 3}]\n");
        m.Installer.Flavors.Default.Should().BeNull();
        m.DefaultFlavor!.Name.Should().Be("a");
        m.NodeProfiles.Should().ContainSingle();
    }

    [Fact]
    public void Volume_device_port_and_option_defaults()
    {
        var m = Parse(Marked.Header + """
            nodeProfiles:
              - name: node
                requirements:
                  volumes:
                    - path: /var/lib/a
                      targetPath: /a
                    - path: /var/lib/b
                      targetPath: /b
                      createIfMissing: true
                      skipIfMissing: true
                  devices:
                    - path: /dev/fuse
                  network:
                    ports:
                      - ranges: [8080, "9000-9001"]
            systemOptions:
              docker: {}
              kubelet: {}
            providers:
              generic:
                network: {}
              aws:
                network: {}
            """ + "\n" + Marked.NodeFlavor);
        var r = m.NodeProfiles[0].Requirements;
        r.Volumes[0].CreateIfMissing.Should().BeTrue();
        r.Volumes[0].SkipIfMissing.Should().BeFalse();
        r.Volumes[0].Mode.Should().BeNull();
        r.Volumes[1].SkipIfMissing.Should().BeTrue();
        r.Volumes[1].CreateIfMissing.Should().BeFalse("skipIfMissing forces createIfMissing off");
        r.Devices[0].Should().BeEquivalentTo(new Device { Path = "/dev/fuse", Permissions = "rw", FileMode = Convert.ToInt32("0666", 8), Uid = 0, Gid = 0 });
        r.Network!.Ports[0].Protocol.Should().Be("tcp");
        r.Network.Ports[0].Ranges.Should().Equal(new PortRange(8080, 8080), new PortRange(9000, 9001));
        m.SystemOptions!.Docker!.StorageDriver.Should().BeNull();
        m.SystemOptionsFor(m.NodeProfiles[0]).Docker!.StorageDriver.Should().Be("overlay2");
        m.SystemOptions.Kubelet!.HairpinMode.Should().BeNull();
        m.Providers!.Generic!.Network!.Type.Should().Be("vxlan");
        m.Providers.Aws!.Network!.Type.Should().Be("aws-vpc");
    }

    [Fact]
    public void Profile_system_options_override_the_global_ones_field_by_field()
    {
        var m = Parse(Marked.Header + """
            systemOptions:
              allowPrivileged: true
              docker:
                storageDriver: devicemapper
                args: [--debug]
              kubelet:
                hairpinMode: none
            nodeProfiles:
              - name: node
                systemOptions:
                  baseImage: planet:2.0.0
                  docker: {}
                  kubelet:
                    args: [--v=2]
              - name: gpu
                systemOptions:
                  docker:
                    storageDriver: overlay
            """ + "\n" + Marked.NodeFlavor);
        var node = m.SystemOptionsFor(m.FindProfile("node")!);
        node.BaseImage.Should().Be("planet:2.0.0");
        node.AllowPrivileged.Should().BeTrue();
        node.Docker.Should().BeEquivalentTo(new DockerOptions { StorageDriver = "devicemapper", Args = ["--debug"] });
        node.Kubelet.Should().BeEquivalentTo(new KubeletOptions { Args = ["--v=2"], HairpinMode = "none" });
        m.SystemOptionsFor(m.FindProfile("gpu")!).Docker!.StorageDriver.Should().Be("overlay");
    }

    [Theory]
    [InlineData("node-role.kubernetes.io/master: \"true\"", "master")]
    [InlineData("node-role.kubernetes.io/node: \"true\"", "node")]
    [InlineData("node-role.kubernetes.io/master: \"false\"", null)]
    [InlineData("role: db", null)]
    public void The_service_role_is_derived_from_the_labels(string label, string? role)
    {
        var m = Parse(Marked.Header + $"nodeProfiles:\n  - name: node\n    labels:\n      {label}\n" + Marked.NodeFlavor);
        m.NodeProfiles[0].ServiceRole.Should().Be(role);
    }

    [Fact]
    public void Free_form_maps_accept_any_keys()
    {
        var m = Parse(Marked.Header + """
            storage:
              openebs: {enabled: true, replicas: 3, pools: [a, b]}
            ingress:
              nginx: {enabled: true}
              custom: {anything: [1, {x: y}]}
            dependencies:
              packages: [gravitational.io/dns-app:0.3.0]
              apps: [gravitational.io/monitoring-app:5.0.1]
              comment: free-form
            nodeProfiles:
              - name: node
                requirements:
                  customChecks:
                    - description: c
                      script: "exit 0"
                      timeout: 30s
            """ + "\n" + Marked.NodeFlavor);
        m.OpenEbsEnabled.Should().BeTrue();
        m.AllowPrivileged.Should().BeTrue("enabling OpenEBS allows privileged containers");
        ((IReadOnlyDictionary<string, object?>)m.Storage!["openebs"]!)["replicas"].Should().Be(3L);
        m.Dependencies!.Packages.Should().Equal("gravitational.io/dns-app:0.3.0");
        m.Dependencies.Apps.Should().Equal("gravitational.io/monitoring-app:5.0.1");
        m.NodeProfiles[0].Requirements.CustomChecks[0].Script.Should().Be("exit 0");
    }

    [Fact]
    public void Kinds_and_api_versions_are_all_accepted()
    {
        foreach (var apiVersion in ManifestValues.ApiVersions)
        foreach (var kind in ManifestValues.Kinds)
        {
            var m = Parse($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: a\n  resourceVersion: 1.0.0\n");
            (m.ApiVersion, m.Kind).Should().Be((apiVersion, kind));
        }
    }
}
