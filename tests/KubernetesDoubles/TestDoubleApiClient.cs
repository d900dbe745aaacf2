using k8s;

namespace Gravity.KubernetesDoubles;

/// <summary>A KubernetesClient from the --kubeconfig a component double was given.</summary>
public static class TestDoubleApiClient
{
    public static IKubernetes FromFlags(TestDoubleFlags flags)
        => new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(flags.Require("kubeconfig")));

    /// <summary>Whether the API answers /version with these credentials, every few seconds, for a double's /healthz.</summary>
    public static async Task WatchReachableAsync(IKubernetes client, Action<bool> report, string component, CancellationToken ct)
    {
        var last = (bool?)null;
        while (!ct.IsCancellationRequested)
        {
            bool ok;
            try
            {
                await client.Version.GetCodeAsync(ct);
                ok = true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ok = false;
                if (last != false) Console.WriteLine($"{component} test double: the API does not answer: {e.Message}");
            }
            if (ok && last != true) Console.WriteLine($"{component} test double: connected to the API");
            last = ok;
            report(ok);
            try { await Task.Delay(TimeSpan.FromSeconds(ok ? 5 : 1), ct); } catch (OperationCanceledException) { }
        }
    }
}
