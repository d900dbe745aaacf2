using System.Net;
using Gravity.Testing.Kubernetes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Gravity.KubernetesDoubles;

/// <summary>
/// The kubelet as a test double: with --kubeconfig it registers its Node (--hostname-override, --node-labels,
/// --register-with-taints, --node-ip), Ready, and registers it again whenever it is gone (an API double restarted
/// empty); it serves /healthz on --healthz-bind-address:--healthz-port. The Node carries the containerd socket of
/// --container-runtime-endpoint, on which the API double's process runs Jobs' pods (<see cref="KubeletTestDoubleHost"/>).
/// </summary>
public static class KubeletCommandTestDouble
{
    public static async Task<int> RunAsync(TestDoubleFlags flags, TestDoubleLifetime lifetime)
    {
        var client = TestDoubleApiClient.FromFlags(flags);
        var node = NodeObject(flags);
        await using var health = await HealthzTestDouble.StartAsync(IPAddress.Parse(flags.Get("healthz-bind-address") ?? "127.0.0.1"), flags.Port("healthz-port", 10248));
        var registered = false;
        while (!lifetime.Stopping.IsCancellationRequested)
        {
            try
            {
                await client.CoreV1.ReadNodeAsync(node.Metadata.Name, cancellationToken: lifetime.Stopping);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                await client.CoreV1.CreateNodeAsync(node, cancellationToken: lifetime.Stopping);
                Console.WriteLine($"kubelet test double: registered node {node.Metadata.Name}");
                registered = true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (registered) Console.WriteLine($"kubelet test double: the API does not answer: {e.Message}");
                registered = false;
            }
            try { await Task.Delay(TimeSpan.FromSeconds(registered ? 5 : 1), lifetime.Stopping); } catch (OperationCanceledException) { }
        }
        return 0;
    }

    public static V1Node NodeObject(TestDoubleFlags flags)
    {
        var name = flags.Get("hostname-override") ?? Environment.MachineName.ToLowerInvariant();
        var labels = new Dictionary<string, string>
        {
            ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = "amd64",
        };
        foreach (var pair in Split(flags.Get("node-labels")))
        {
            var eq = pair.IndexOf('=');
            labels[eq < 0 ? pair : pair[..eq]] = eq < 0 ? "" : pair[(eq + 1)..];
        }
        var taints = Split(flags.Get("register-with-taints")).Select(Taint).ToList();
        var annotations = new Dictionary<string, string>();
        if (flags.Get("container-runtime-endpoint") is { } endpoint)
            annotations[KubeletTestDoubleHost.ContainerdSocketAnnotation] = endpoint.StartsWith("unix://", StringComparison.Ordinal) ? endpoint["unix://".Length..] : endpoint;
        var now = DateTime.UtcNow;
        return new V1Node
        {
            ApiVersion = "v1", Kind = "Node",
            Metadata = new V1ObjectMeta { Name = name, Labels = labels, Annotations = annotations },
            Spec = new V1NodeSpec { Taints = taints.Count > 0 ? taints : null },
            Status = new V1NodeStatus
            {
                Addresses = [new V1NodeAddress { Address = name, Type = "Hostname" }, .. flags.Get("node-ip") is { } ip ? new[] { new V1NodeAddress { Address = ip, Type = "InternalIP" } } : []],
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "kubelet test double", LastHeartbeatTime = now, LastTransitionTime = now }],
                NodeInfo = new V1NodeSystemInfo { KubeletVersion = "v1.35.0-test-double", ContainerRuntimeVersion = "containerd", OperatingSystem = "linux", Architecture = "amd64",
                    BootID = "", KernelVersion = "", KubeProxyVersion = "", MachineID = "", OsImage = "", SystemUUID = "" },
            },
        };
    }

    /// <summary>"key=value:Effect" or "key:Effect", as --register-with-taints takes them.</summary>
    private static V1Taint Taint(string spec)
    {
        var colon = spec.LastIndexOf(':');
        var (keyValue, effect) = colon < 0 ? (spec, "NoSchedule") : (spec[..colon], spec[(colon + 1)..]);
        var eq = keyValue.IndexOf('=');
        return new V1Taint { Effect = effect, Key = eq < 0 ? keyValue : keyValue[..eq], Value = eq < 0 ? null : keyValue[(eq + 1)..] };
    }

    private static IEnumerable<string> Split(string? list) => (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
