using System.Net;
using Gravity.Cluster.Agents;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Runtime;
using Gravity.Cluster.Tests.Operations;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Agents;

/// <summary>
/// `gravity agent deploy` and `shutdown` on a real install: the node agent starts an update agent that records where it
/// listens, outlives a restart of the node agent (which an upgrade's system-upgrade does), and stops again; the node
/// agent's deploy endpoint serves only the cluster's client certificates and never keeps a binary whose digest is wrong.
/// </summary>
[Collection(InstallCollection.Name)]
public sealed class UpdateAgentDeploymentTests
{
    [Fact]
    public async Task Deploy_starts_an_update_agent_that_outlives_the_node_agent_and_shutdown_stops_it()
    {
        using var f = await InstallFixture.CreateAsync();
        try
        {
            await GravityCli.RunCheckedAsync(f.InstallArgs());
            var node = NodeAgentConfig.Load(f.StateDir).Node;

            var output = await GravityCli.RunCheckedAsync("agent", "deploy", "--port", "0", "--state-dir", f.StateDir);
            output.Should().Contain("update agent deployed on node node-1").And.Contain("update agents run on 1 node(s)");
            var record = await RecordAsync(node);
            record.Should().NotBeNull("the update agent records where it listens");
            var pid = UpdateAgentLauncher.RunningPid(node.Folder);
            pid.Should().Be(record!.Pid);
            (await HealthzAsync(f.StateDir, record.Url)).Should().Contain("update agent of node-1");

            await AgentLauncher.StopAsync(f.StateDir);
            Signals.IsAlive(pid!.Value).Should().BeTrue("stopping the node agent (system-upgrade does) leaves the update agent running");
            await AgentLauncher.StartDetachedAsync(NodeAgentConfig.Load(f.StateDir));
            await AgentLauncher.WaitHealthyAsync(node, TimeSpan.FromSeconds(60));

            (await GravityCli.RunCheckedAsync("agent", "shutdown", "--state-dir", f.StateDir)).Should().Contain("update agent stopped on node node-1");
            UpdateAgentLauncher.RunningPid(node.Folder).Should().BeNull();
            Signals.IsAlive(pid.Value).Should().BeFalse();
            (await RecordAsync(node)).Should().BeNull("shutdown removes the record");
        }
        finally
        {
            await GravityCli.RunAsync("leave", "--force", "--state-dir", f.StateDir);
        }
    }

    [Fact]
    public async Task The_deploy_endpoint_refuses_strangers_the_admin_certificate_and_a_binary_whose_digest_does_not_match()
    {
        using var f = await InstallFixture.CreateAsync();
        try
        {
            await GravityCli.RunCheckedAsync(f.InstallArgs());
            var node = NodeAgentConfig.Load(f.StateDir).Node;
            var tls = new ClusterPki(f.StateDir).NodeTls;
            var deploy = new Uri(node.HealthUrl, UpdateAgentClient.DeployPath + "?port=0");

            using (var anonymous = ClusterTrust.CreateClient(tls.CaPath))
            {
                using var response = await anonymous.PostAsync(deploy, new ByteArrayContent([1, 2, 3]));
                response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            }

            // The CA signs Kubernetes' client certificates too: the admin's may not make root run a binary.
            using (var admin = ClusterTrust.CreateClient(NonNodeCertificate.Issue(new ClusterPki(f.StateDir), Path.Combine(f.Root, "admin"))))
            {
                using var response = await admin.PostAsync(deploy, new ByteArrayContent([1, 2, 3]));
                response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            }

            using var member = ClusterTrust.CreateClient(tls);
            var binary = "#!/bin/sh\nexec /bin/true\n"u8.ToArray();
            using var request = new HttpRequestMessage(HttpMethod.Post, deploy) { Content = new ByteArrayContent(binary) };
            request.Headers.Add(UpdateAgentClient.DigestHeader, Gravity.Oci.Digest.Compute("something else"u8).ToString());
            using (var refused = await member.SendAsync(request))
            {
                refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
                (await refused.Content.ReadAsStringAsync()).Should().Contain("digest");
            }
            File.Exists(node.Folder.UpdateAgentBinary).Should().BeFalse("a binary that is not the one named is never kept");
            Directory.EnumerateFiles(node.Folder.Bin).Should().NotContain(p => p.Contains("gravity-update"), "nor its temporary file");
            UpdateAgentLauncher.RunningPid(node.Folder).Should().BeNull();
        }
        finally
        {
            await GravityCli.RunAsync("leave", "--force", "--state-dir", f.StateDir);
        }
    }

    private static async Task<UpdateAgentRecord?> RecordAsync(Gravity.Cluster.Nodes.NodeSettings node)
    {
        using var etcd = new EtcdGrpcClient(node.EtcdOptions());
        return (await new UpdateAgentRecords(etcd).ListAsync()).GetValueOrDefault(node.NodeName);
    }

    private static async Task<string> HealthzAsync(string stateDir, Uri url)
    {
        using var http = ClusterTrust.CreateClient(new ClusterPki(stateDir).NodeTls.CaPath);
        return await http.GetStringAsync(new Uri(url, "/healthz"));
    }
}
