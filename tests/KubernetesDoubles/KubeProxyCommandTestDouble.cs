namespace Gravity.KubernetesDoubles;

/// <summary>kube-proxy as a test double: reaches the API with --kubeconfig, serves plain-HTTP /healthz on --healthz-bind-address; programs no rules.</summary>
public static class KubeProxyCommandTestDouble
{
    public static async Task<int> RunAsync(TestDoubleFlags flags, TestDoubleLifetime lifetime)
    {
        var client = TestDoubleApiClient.FromFlags(flags);
        var reachable = false;
        var watch = TestDoubleApiClient.WatchReachableAsync(client, ok => reachable = ok, "kube-proxy", lifetime.Stopping);
        var (address, port) = HealthzTestDouble.ParseHostPort(flags.Get("healthz-bind-address") ?? "0.0.0.0:10256");
        await using var health = await HealthzTestDouble.StartAsync(address, port, healthy: () => reachable);
        await lifetime.WaitAsync();
        await watch;
        return 0;
    }
}
