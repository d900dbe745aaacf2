namespace Gravity.Manifest.Tests;

/// <summary>Rules on top-level sections (after a valid header); » marks where the error must point.</summary>
public class TopLevelValidationTests
{
    [Theory]
    [InlineData("»colour: blue\n", "colour", "unknown field")]
    [InlineData("endpoints: »{a: b}\n", "endpoints", "expected a list, got a mapping")]
    [InlineData("endpoints:\n  - »name: web\n", "endpoints[0]", "needs a selector or a serviceName")]
    [InlineData("endpoints:\n  - »description: x\n    serviceName: web\n", "endpoints[0].name", "required field is missing")]
    [InlineData("endpoints:\n  - name: web\n    serviceName: web\n    protocol: »ftp\n", "endpoints[0].protocol", "not one of http, https")]
    [InlineData("endpoints:\n  - name: web\n    serviceName: web\n    port: »70000\n", "endpoints[0].port", "between 1 and 65535")]
    [InlineData("endpoints:\n  - name: web\n    serviceName: web\n    »url: x\n", "endpoints[0].url", "unknown field")]
    [InlineData("endpoints:\n  - name: web\n    serviceName: a\n  - name: »web\n    serviceName: b\n", "endpoints[1].name", "already named \"web\"")]
    [InlineData("endpoints:\n  - name: a\n    serviceName: a\n  - name: b\n    serviceName: b\ninstaller:\n  setupEndpoints: [a, »b]\n", "installer.setupEndpoints[1]", "only one setup endpoint")]
    [InlineData("endpoints:\n  - name: a\n    serviceName: a\ninstaller:\n  setupEndpoints: [»Setup]\n", "installer.setupEndpoints[0]", "no endpoint is named \"Setup\"")]
    [InlineData("providers:\n  default: »azure\n", "providers.default", "not one of aws, gce, generic")]
    [InlineData("providers:\n  generic:\n    network:\n      type: »flannel\n", "providers.generic.network.type", "not one of vxlan, wireguard, calico")]
    [InlineData("providers:\n  default: »aws\n  aws:\n    disabled: true\n", "providers.default", "is disabled")]
    [InlineData("providers:\n  »openstack: {}\n", "providers.openstack", "unknown field")]
    [InlineData("systemOptions:\n  docker:\n    storageDriver: »btrfs\n", "systemOptions.docker.storageDriver", "not one of overlay, overlay2, devicemapper")]
    [InlineData("systemOptions:\n  kubelet:\n    hairpinMode: »veth\n", "systemOptions.kubelet.hairpinMode", "not one of promiscuous-bridge")]
    [InlineData("systemOptions:\n  runtime:\n    version: »latest\n", "systemOptions.runtime.version", "SemVer")]
    [InlineData("systemOptions:\n  allowPrivileged: »1\n", "systemOptions.allowPrivileged", "expected true or false, got an integer")]
    [InlineData("systemOptions:\n  args: »--debug\n", "systemOptions.args", "expected a list")]
    [InlineData("baseImage: »gravity\n", "baseImage", "has no tag")]
    [InlineData("baseImage: »gravity:latest\n", "baseImage", "is not a SemVer version")]
    [InlineData("extensions:\n  encryption:\n    »encryptionKey: k\n", "extensions.encryption.caCert", "required field is missing")]
    [InlineData("extensions:\n  encryption:\n    »caCert: c\n", "extensions.encryption.encryptionKey", "required field is missing")]
    [InlineData("extensions:\n  logs: {»enabled: false}\n", "extensions.logs.enabled", "unknown field")]
    [InlineData("extensions:\n  »tracing: {disabled: true}\n", "extensions.tracing", "unknown field")]
    [InlineData("license:\n  enabled: »maybe\n", "license.enabled", "expected true or false")]
    [InlineData("dependencies:\n  packages: [»nginx]\n", "dependencies.packages[0]", "package locator")]
    [InlineData("webConfig: »'{\"a\": }'\n", "webConfig", "is not valid JSON")]
    [InlineData("logo: »data:image/png;base64,aGVsbG8=\n", "logo", "does not hold a PNG, JPEG, GIF, WebP or SVG image")]
    [InlineData("logo: »data:image/png;base64,!!!\n", "logo", "not a valid base64 data: URL")]
    [InlineData("logo: »logo.png\n", "logo", "must be a file://, http(s):// or data: URL")]
    [InlineData("installer:\n  flavors:\n    default: »big\n", "installer.flavors.default", "no flavor is named \"big\"")]
    [InlineData("installer:\n  eula: »{}\n", "installer.eula.source", "required field is missing")]
    [InlineData("installer:\n  »wizard: true\n", "installer.wizard", "unknown field")]
    [InlineData("ingress: »[nginx]\n", "ingress", "expected a mapping")]
    public void Top_level_rules(string snippet, string path, string fragment) =>
        Marked.ShouldReport(Marked.Header + snippet, path, fragment);

    [Theory]
    [InlineData("hooks:\n  »preInstall:\n    job: x\n", "hooks.preInstall", "unknown hook")]
    [InlineData("hooks:\n  install:\n    »image: x\n", "hooks.install.image", "unknown field")]
    [InlineData("hooks:\n  install: »{}\n", "hooks.install.job", "required field is missing")]
    [InlineData("hooks:\n  install:\n    job: »\"kind: Pod\"\n", "hooks.install.job", "kind: Job")]
    [InlineData("hooks:\n  install:\n    job: »\"a: [\"\n", "hooks.install.job", "not valid YAML")]
    [InlineData("hooks:\n  clusterProvision:\n    »job: \"kind: Job\"\n  nodesProvision:\n    job: \"kind: Job\"\n", "hooks.clusterProvision", "missing clusterDeprovision, nodesDeprovision")]
    public void Hook_rules(string snippet, string path, string fragment) =>
        Marked.ShouldReport(Marked.Header + snippet, path, fragment);

    [Fact]
    public void The_four_provisioning_hooks_together_are_accepted()
    {
        var hooks = string.Concat(new[] { "clusterProvision", "clusterDeprovision", "nodesProvision", "nodesDeprovision" }
            .Select(h => $"  {h}:\n    job: \"kind: Job\"\n"));
        var result = ManifestLoader.Parse(Marked.Header + "hooks:\n" + hooks, "app.yaml");
        result.ErrorText.Should().BeEmpty();
        result.Manifest!.Hooks.Keys.Should().Equal("clusterProvision", "clusterDeprovision", "nodesProvision", "nodesDeprovision");
    }
}
