using System.Text.Json.Nodes;
using Gravity.Kubernetes.Hooks;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

namespace Gravity.Kubernetes.Tests;

/// <summary>A hook Job as HookJobBuilder makes it, run for real by the kubelet test double (containerd, runc, busybox).</summary>
public sealed class HookJobRunTests
{
    [RequiresKubeletFact(kubectl: true)]
    public async Task The_hook_container_sees_the_resources_the_service_user_and_the_cluster_info()
    {
        await using var h = await KubeletTestDoubleHarness.StartAsync();
        using var resources = new TempDir("hook-resources");
        await File.WriteAllTextAsync(resources.Combine("seed.sql"), "insert into t values (42);\n");
        var context = new HookJobContext(resources.Path, KubernetesTools.KubectlPath, KubernetesTools.HelmPath, 1234,
            new Dictionary<string, string> { ["GRAVITY_CLUSTER_NAME"] = "prod", ["GRAVITY_CLUSTER_FLAVOR"] = "small", ["GRAVITY_CLUSTER_PROVIDER"] = "onprem" });
        var job = HookJobBuilder.Build("install", $$"""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: seed, namespace: {{KubeletTestDoubleHarness.Namespace}}}
            spec:
              template:
                spec:
                  containers:
                    - name: seed
                      image: {{h.Image}}
                      command: ["/bin/sh", "-c", "cat /var/lib/gravity/resources/seed.sql; echo user=$GRAVITY_SERVICE_USER cluster=$GRAVITY_CLUSTER_NAME flavor=$GRAVITY_CLUSTER_FLAVOR; test -x /usr/local/bin/kubectl && echo kubectl-mounted"]
            """, context);
        h.EnsureNamespace();

        h.Api.Store.Create(KubeletStoreWriter.Jobs, KubeletTestDoubleHarness.Namespace, job);
        var name = (string)job["metadata"]!["name"]!;
        var done = await h.WaitForEndAsync(name);

        KubeletTestDoubleHarness.Conditions(done).Select(c => c.Type).Should().Contain("Complete", done.ToJsonString());
        var pod = (string)h.PodsOf(name).Single()["metadata"]!["name"]!;
        h.Log(pod, "seed").Should().Contain("insert into t values (42);").And.Contain("user=1234 cluster=prod flavor=small").And.Contain("kubectl-mounted");
    }
}
