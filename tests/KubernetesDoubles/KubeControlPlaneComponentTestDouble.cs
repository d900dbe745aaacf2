using System.Net;

namespace Gravity.KubernetesDoubles;

/// <summary>
/// kube-controller-manager and kube-scheduler as test doubles: they reach the API with --kubeconfig and serve /healthz
/// (healthy while the API answers them) on --bind-address:--secure-port over TLS with --tls-cert-file; no controllers,
/// no scheduling, no leader election (--leader-elect is accepted).
/// </summary>
public static class KubeControlPlaneComponentTestDouble
{
    public static async Task<int> RunAsync(string component, int defaultPort, TestDoubleFlags flags, TestDoubleLifetime lifetime)
    {
        var client = TestDoubleApiClient.FromFlags(flags);
        var reachable = false;
        var watch = TestDoubleApiClient.WatchReachableAsync(client, ok => reachable = ok, component, lifetime.Stopping);
        await using var health = await HealthzTestDouble.StartAsync(IPAddress.Parse(flags.Get("bind-address") ?? "0.0.0.0"), flags.Port("secure-port", defaultPort),
            flags.Get("tls-cert-file"), flags.Get("tls-private-key-file"), () => reachable);
        await lifetime.WaitAsync();
        await watch;
        return 0;
    }
}
