using System.Net;
using System.Text.Json.Nodes;
using Gravity.Testing.Kubernetes;

namespace Gravity.KubernetesDoubles;

/// <summary>
/// kube-apiserver as a test double: the <see cref="KubernetesApiServerTestDouble"/> on --bind-address:--secure-port,
/// serving --tls-cert-file/--tls-private-key-file, trusting client certificates of --client-ca-file; objects in memory
/// (a restart forgets them; the etcd flags are accepted and unused). The Jobs of the first kubelet double to register
/// run in this process (<see cref="KubeletTestDoubleHost"/>).
/// </summary>
public static class KubeApiServerCommandTestDouble
{
    public static async Task<int> RunAsync(TestDoubleFlags flags, TestDoubleLifetime lifetime)
    {
        var address = IPAddress.Parse(flags.Get("bind-address") ?? "0.0.0.0");
        var port = flags.Port("secure-port", 6443);
        await using var api = await KubernetesApiServerTestDouble.StartAsync(address, port,
            flags.Require("tls-cert-file"), flags.Require("tls-private-key-file"), flags.Require("client-ca-file"));
        // The namespaces a real API server creates at start.
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
            if (api.Store.Get(KubernetesBuiltInTypes.Namespace, null, ns) is null)
                api.Store.Create(KubernetesBuiltInTypes.Namespace, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        await using var kubelets = new KubeletTestDoubleHost(api);
        Console.WriteLine($"kube-apiserver test double: serving on {address}:{port}");
        await lifetime.WaitAsync();
        return 0;
    }
}
