namespace Gravity.Manifest.Tests;

/// <summary>Rules on node profiles and flavors; » marks where the error must point.</summary>
public class ProfileValidationTests
{
    /// <summary>A manifest with one profile "node" whose remaining fields are <paramref name="fields"/>, and a valid flavor.</summary>
    private static string Profile(string fields) =>
        Marked.Header + "nodeProfiles:\n  - name: node\n" + Marked.Indent(fields, 4) + "\n" + Marked.NodeFlavor;

    [Theory]
    [InlineData("»colour: red", "nodeProfiles[0].colour", "unknown field")]
    [InlineData("expandPolicy: »grow", "nodeProfiles[0].expandPolicy", "not one of fixed, fixed-instance")]
    [InlineData("serviceRole: »worker", "nodeProfiles[0].serviceRole", "not one of master, node")]
    [InlineData("labels:\n  node-role.kubernetes.io/node: \"true\"\nserviceRole: »master", "nodeProfiles[0].serviceRole", "contradicts")]
    [InlineData("labels:\n  »node-role.kubernetes.io/node: \"true\"\n  node-role.kubernetes.io/master: \"true\"", "nodeProfiles[0].labels", "cannot both be")]
    [InlineData("taints:\n  - key: k\n    effect: »NoRun", "nodeProfiles[0].taints[0].effect", "not one of NoSchedule, PreferNoSchedule, NoExecute")]
    [InlineData("taints:\n  - »key: k", "nodeProfiles[0].taints[0].effect", "required field is missing")]
    [InlineData("taints:\n  - »effect: NoSchedule", "nodeProfiles[0].taints[0].key", "required field is missing")]
    [InlineData("requirements:\n  cpu:\n    min: »8\n    max: 4", "nodeProfiles[0].requirements.cpu.min", "min (8) is greater than max (4)")]
    [InlineData("requirements:\n  cpu:\n    min: »-1", "nodeProfiles[0].requirements.cpu.min", "must be >= 0")]
    [InlineData("requirements:\n  cpu:\n    min: »four", "nodeProfiles[0].requirements.cpu.min", "expected an integer, got a string")]
    [InlineData("requirements:\n  ram:\n    min: »\"4XB\"", "nodeProfiles[0].requirements.ram.min", "is not a size")]
    [InlineData("requirements:\n  »gpu: 1", "nodeProfiles[0].requirements.gpu", "unknown field")]
    [InlineData("requirements:\n  os:\n    - »versions: [\"7\"]", "nodeProfiles[0].requirements.os[0].name", "required field is missing")]
    [InlineData("requirements:\n  os:\n    - name: centos\n      versions: »\"7\"", "nodeProfiles[0].requirements.os[0].versions", "expected a list")]
    [InlineData("requirements:\n  volumes:\n    - path: /data\n      capacity: »lots", "nodeProfiles[0].requirements.volumes[0].capacity", "is not a size")]
    [InlineData("requirements:\n  volumes:\n    - path: /data\n      minTransferRate: »\"50MB\"", "nodeProfiles[0].requirements.volumes[0].minTransferRate", "is not a transfer rate")]
    [InlineData("requirements:\n  volumes:\n    - path: /data\n      targetPath: /data\n      mode: »\"0855\"", "nodeProfiles[0].requirements.volumes[0].mode", "not an octal file mode")]
    [InlineData("requirements:\n  volumes:\n    - path: /data\n      targetPath: /data\n      uid: »-1", "nodeProfiles[0].requirements.volumes[0].uid", "must be >= 0")]
    [InlineData("requirements:\n  volumes:\n    - path: /data\n      targetPath: /data\n      gid: »-5", "nodeProfiles[0].requirements.volumes[0].gid", "must be >= 0")]
    [InlineData("requirements:\n  volumes:\n    - path: »data", "nodeProfiles[0].requirements.volumes[0].path", "not an absolute path")]
    [InlineData("requirements:\n  volumes:\n    - »capacity: 1GB", "nodeProfiles[0].requirements.volumes[0].path", "required field is missing")]
    [InlineData("requirements:\n  volumes:\n    - »path: /data-???", "nodeProfiles[0].requirements.volumes[0].targetPath", "is a pattern, so targetPath is required")]
    [InlineData("requirements:\n  volumes:\n    - path: /data\n      skipIfMissing: »true", "nodeProfiles[0].requirements.volumes[0].skipIfMissing", "applies to mounts only")]
    [InlineData("requirements:\n  volumes:\n    - name: d\n      path: /a\n      targetPath: /a\n    - name: »d\n      path: /b\n      targetPath: /b", "nodeProfiles[0].requirements.volumes[1].name", "already named \"d\"")]
    [InlineData("requirements:\n  devices:\n    - path: /dev/sda\n      permissions: »rwx", "nodeProfiles[0].requirements.devices[0].permissions", "combination of r, w and m")]
    [InlineData("requirements:\n  devices:\n    - path: /dev/sda\n      permissions: »rrw", "nodeProfiles[0].requirements.devices[0].permissions", "each at most once")]
    [InlineData("requirements:\n  devices:\n    - path: /dev/sda\n      permissions: »rwmr", "nodeProfiles[0].requirements.devices[0].permissions", "combination of r, w and m")]
    [InlineData("requirements:\n  devices:\n    - path: /dev/sda\n      fileMode: »\"rw-rw-rw-\"", "nodeProfiles[0].requirements.devices[0].fileMode", "not an octal file mode")]
    [InlineData("requirements:\n  devices:\n    - path: /dev/sda\n      uid: »-1", "nodeProfiles[0].requirements.devices[0].uid", "must be >= 0")]
    [InlineData("requirements:\n  devices:\n    - »permissions: r", "nodeProfiles[0].requirements.devices[0].path", "required field is missing")]
    [InlineData("requirements:\n  network:\n    minTransferRate: »fast", "nodeProfiles[0].requirements.network.minTransferRate", "not a transfer rate")]
    [InlineData("requirements:\n  network:\n    ports:\n      - protocol: »sctp\n        ranges: [\"80\"]", "nodeProfiles[0].requirements.network.ports[0].protocol", "not one of tcp, udp")]
    [InlineData("requirements:\n  network:\n    ports:\n      - ranges: [»\"0\"]", "nodeProfiles[0].requirements.network.ports[0].ranges[0]", "between 1 and 65535")]
    [InlineData("requirements:\n  network:\n    ports:\n      - ranges: [\"80\", »\"70000\"]", "nodeProfiles[0].requirements.network.ports[0].ranges[1]", "between 1 and 65535")]
    [InlineData("requirements:\n  network:\n    ports:\n      - ranges: [»\"10005-10000\"]", "nodeProfiles[0].requirements.network.ports[0].ranges[0]", "must not be greater than the last")]
    [InlineData("requirements:\n  network:\n    ports:\n      - ranges: [»\"http\"]", "nodeProfiles[0].requirements.network.ports[0].ranges[0]", "not a port or a port range")]
    [InlineData("requirements:\n  network:\n    ports:\n      - »protocol: udp", "nodeProfiles[0].requirements.network.ports[0].ranges", "required field is missing")]
    [InlineData("requirements:\n  network:\n    ports:\n      - ranges: »[]", "nodeProfiles[0].requirements.network.ports[0].ranges", "at least one item")]
    [InlineData("requirements:\n  customChecks:\n    - »description: no script", "nodeProfiles[0].requirements.customChecks[0].script", "required field is missing")]
    [InlineData("providers:\n  aws:\n    instanceTypes: [m5.large]\n    »spot: true", "nodeProfiles[0].providers.aws.spot", "unknown field")]
    [InlineData("systemOptions:\n  baseImage: »custom-planet:one", "nodeProfiles[0].systemOptions.baseImage", "is not a SemVer version")]
    public void Profile_rules(string fields, string path, string fragment) => Marked.ShouldReport(Profile(fields), path, fragment);

    [Fact]
    public void The_error_for_a_second_profile_names_its_index_line_and_column()
    {
        var yaml = Marked.Header + """
            nodeProfiles:
              - name: db
                requirements:
                  ram:
                    min: 8GB
              - name: worker
                requirements:
                  ram:
                    min: »"64GB"
                    max: "32GB"
            installer:
              flavors:
                items:
                  - name: small
                    nodes:
                      - profile: worker
                        count: 1
            """;
        var result = Marked.ShouldReport(yaml, "nodeProfiles[1].requirements.ram.min", "is greater than max");
        result.Errors.Should().ContainSingle();
        result.Errors[0].ToString().Should().StartWith("app.yaml:14:14: nodeProfiles[1].requirements.ram.min: min (");
    }

    [Theory]
    [InlineData("nodes:\n  - profile: »ghost\n    count: 1", "installer.flavors.items[0].nodes[0].profile", "no node profile is named \"ghost\"")]
    [InlineData("nodes:\n  - profile: node\n    count: »-1", "installer.flavors.items[0].nodes[0].count", "must be >= 0")]
    [InlineData("nodes:\n  - »profile: node", "installer.flavors.items[0].nodes[0].count", "required field is missing")]
    [InlineData("nodes:\n  - »count: 1", "installer.flavors.items[0].nodes[0].profile", "required field is missing")]
    [InlineData("nodes:\n  - profile: node\n    count: 1\n  - profile: »node\n    count: 2", "installer.flavors.items[0].nodes[1].profile", "listed twice")]
    [InlineData("nodes: »[]", "installer.flavors.items[0].nodes", "at least one item")]
    [InlineData("nodes:\n  - profile: node\n    count: »99999999999", "installer.flavors.items[0].nodes[0].count", "must be at most 2147483647")]
    [InlineData("nodes:\n  - profile: node\n    count: »\"3\"", "installer.flavors.items[0].nodes[0].count", "expected an integer, got a string")]
    public void Flavor_rules(string fields, string path, string fragment)
    {
        var yaml = Marked.Header + "nodeProfiles:\n  - name: node\ninstaller:\n  flavors:\n    items:\n      - name: one\n" + Marked.Indent(fields, 8) + "\n";
        Marked.ShouldReport(yaml, path, fragment);
    }

    [Fact]
    public void A_flavor_needs_nodes_and_a_name()
    {
        var yaml = Marked.Header + "nodeProfiles:\n  - name: node\ninstaller:\n  flavors:\n    items:\n      - »description: x\n";
        var result = Marked.ShouldReport(yaml, "installer.flavors.items[0].nodes", "required field is missing");
        result.Errors.Should().Contain(e => e.FieldPath == "installer.flavors.items[0].name");
    }

    [Fact]
    public void Profiles_without_flavors_are_rejected()
    {
        var yaml = Marked.Header + "»nodeProfiles:\n  - name: node\n";
        // No installer section: the error points at the nearest known place, the document.
        var (text, _, _) = Marked.Strip(yaml);
        var result = ManifestLoader.Parse(text, "app.yaml");
        result.Errors.Should().ContainSingle().Which.Should().Match<ManifestError>(
            e => e.FieldPath == "installer.flavors.items" && e.Message.Contains("at least one flavor is required") && e.Line == 1);
    }

    [Fact]
    public void Flavors_without_profiles_may_not_name_profiles()
    {
        var yaml = Marked.Header + "installer:\n  flavors:\n    items:\n      - name: one\n        nodes:\n          - profile: »node\n            count: 1\n";
        Marked.ShouldReport(yaml, "installer.flavors.items[0].nodes[0].profile", "no node profile is named \"node\"");
    }

    [Fact]
    public void Duplicate_profile_names_are_rejected()
    {
        var yaml = Marked.Header + "nodeProfiles:\n  - name: node\n  - name: »node\n" + Marked.NodeFlavor;
        Marked.ShouldReport(yaml, "nodeProfiles[1].name", "already named \"node\"");
    }
}
