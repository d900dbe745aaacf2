using Gravity.Core.Processes;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// Runs the real kubectl with one kubeconfig and a HOME of its own (its discovery cache goes there, not into the
/// home of whoever runs the tests).
/// </summary>
public sealed class Kubectl(string kubeconfig, string home)
{
    public Task<ProcessResult> RunAsync(params string[] args) => RunAsync(args, stdin: null);

    public Task<ProcessResult> RunAsync(IEnumerable<string> args, string? stdin) =>
        ProcessRunner.RunAsync(KubernetesTools.KubectlPath, args, home, Environment(), TimeSpan.FromMinutes(2), stdin);

    public IReadOnlyDictionary<string, string?> Environment() => new Dictionary<string, string?>
    {
        ["KUBECONFIG"] = kubeconfig,
        ["HOME"] = home,
        ["KUBECACHEDIR"] = Path.Combine(home, "cache"),
    };
}
