using System.Text.Json.Nodes;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Runtime;
using Gravity.Core;
using Gravity.Testing;
using Gravity.Cluster.Operations.Install;

namespace Gravity.Cluster.Tests.Nodes;

/// <summary>The node record in its state folder: written once (node.json, root's alone), read back whole, and read from older versions' files.</summary>
public sealed class NodeRecordTests
{
    private static NodeAgentConfig NonDefault(string stateDir) => new()
    {
        Node = new NodeSettings
        {
            StateDir = stateDir, ClusterName = "prod", NodeName = "node-7", AdvertiseAddr = "10.1.2.3", Role = "db",
            ServiceUid = 2001, ServiceGid = 2002, EtcdClientPort = 12379, EtcdPeerPort = 12380, RegistryPort = 15000, HealthPort = 17575,
            ListenAddress = "10.1.2.3", ManageEtcHosts = true, GravityBinary = "/usr/bin/dotnet", GravityArgs = ["/opt/gravity.dll"],
        },
        RunContainerd = false, RunServicesAsServiceUser = true, ProbeIntervalSeconds = 2, StartupGraceSeconds = 7,
    };

    [Fact]
    public async Task The_record_round_trips_through_node_json_which_only_root_can_read()
    {
        using var dir = new TempDir();
        var saved = NonDefault(dir.Path);

        await saved.SaveAsync();
        var loaded = NodeAgentConfig.Load(dir.Path);

        loaded.Should().BeEquivalentTo(saved);
        loaded.Node.EtcdEndpoint.Should().Be(new Uri("https://127.0.0.1:12379"));
        loaded.Node.RegistryAddress.Should().Be("127.0.0.1:15000");
        File.GetUnixFileMode(new StateFolder(dir.Path).NodeFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Exists(new StateFolder(dir.Path).LegacyAgentFile).Should().BeFalse("the record is kept once");
    }

    [Fact]
    public async Task The_record_names_the_folder_it_is_read_from_not_the_one_it_was_written_in()
    {
        using var dir = new TempDir();
        var written = NonDefault("/somewhere/else");
        await File.WriteAllTextAsync(new StateFolder(dir.Path).NodeFile, System.Text.Json.JsonSerializer.Serialize(written, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));

        NodeAgentConfig.Load(dir.Path).Node.StateDir.Should().Be(dir.Path);
    }

    [Fact]
    public void A_folder_without_a_record_is_refused_naming_the_file()
    {
        using var dir = new TempDir();

        var act = () => NodeAgentConfig.Load(dir.Path);

        act.Should().Throw<GravityException>().Which.Message.Should().Contain(Path.Combine(dir.Path, "node.json")).And.Contain("--state-dir");
    }

    [Fact]
    public async Task A_damaged_record_is_refused_naming_the_file()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(new StateFolder(dir.Path).NodeFile, "{\"node\": {\"stateDir\": 5");

        var act = () => NodeAgentConfig.Load(dir.Path);

        act.Should().Throw<GravityException>().Which.Message.Should().Contain(Path.Combine(dir.Path, "node.json"));
    }

    [Fact]
    public async Task A_state_folder_of_a_version_before_node_json_is_read_from_its_agent_json()
    {
        using var dir = new TempDir();
        // What those versions wrote: the settings and the agent's options side by side.
        await File.WriteAllTextAsync(new StateFolder(dir.Path).LegacyAgentFile, $$"""
            {
              "stateDir": "{{dir.Path}}", "clusterName": "prod", "nodeName": "node-7", "advertiseAddr": "10.1.2.3", "role": "master",
              "etcdClientPort": 12379, "etcdPeerPort": 12380, "registryPort": 15000, "healthPort": 17575,
              "serviceUid": 2001, "serviceGid": 2002, "gravityBinary": "/var/lib/g/bin/gravity", "gravityArgs": [],
              "listenAddress": "0.0.0.0", "registryName": "leader.telekube.local", "manageEtcHosts": true, "runContainerd": true,
              "runServicesAsServiceUser": true, "probeIntervalSeconds": 5, "startupGraceSeconds": 60
            }
            """);

        var loaded = NodeAgentConfig.Load(dir.Path);

        loaded.Node.Should().BeEquivalentTo(new NodeSettings
        {
            StateDir = dir.Path, ClusterName = "prod", NodeName = "node-7", AdvertiseAddr = "10.1.2.3", Role = "master",
            EtcdClientPort = 12379, EtcdPeerPort = 12380, RegistryPort = 15000, HealthPort = 17575, ServiceUid = 2001, ServiceGid = 2002,
            GravityBinary = "/var/lib/g/bin/gravity", ManageEtcHosts = true,
        });
        loaded.RunServicesAsServiceUser.Should().BeTrue();
    }

    [Fact]
    public void An_install_configuration_of_a_version_before_the_record_gets_its_node_from_the_flat_fields()
    {
        var flat = new JsonObject
        {
            ["imageDir"] = "/img", ["stateDir"] = "/data/g", ["clusterName"] = "prod", ["nodeName"] = "node-7", ["advertiseAddr"] = "10.1.2.3",
            ["role"] = "db", ["appName"] = "app", ["appVersion"] = "1.0.0", ["joinToken"] = "t", ["serviceUid"] = 2001, ["serviceGid"] = 2002,
            ["etcdClientPort"] = 12379, ["etcdPeerPort"] = 12380, ["registryPort"] = 15000, ["healthPort"] = 17575,
            ["gravityBinary"] = "/img/gravity", ["gravityArgs"] = new JsonArray(), ["copyGravityBinary"] = true, ["listenAddress"] = "0.0.0.0",
            ["manageEtcHosts"] = false, ["created"] = "2026-11-30T10:00:00+00:00", ["stateDirExisted"] = false,
        };

        var config = InstallConfig.Deserialize(flat.ToJsonString());

        config.Node.Should().BeEquivalentTo(new NodeSettings
        {
            StateDir = "/data/g", ClusterName = "prod", NodeName = "node-7", AdvertiseAddr = "10.1.2.3", Role = "db",
            ServiceUid = 2001, ServiceGid = 2002, EtcdClientPort = 12379, EtcdPeerPort = 12380, RegistryPort = 15000, HealthPort = 17575,
            GravityBinary = "/data/g/bin/gravity", // the agent ran the copy /unpack made
        });
        config.GravityBinary.Should().Be("/img/gravity");
        InstallConfig.Deserialize(config.Serialize()).Should().BeEquivalentTo(config);
    }
}
