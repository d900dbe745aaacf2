using Gravity.KubernetesDoubles;

// kubernetes-test-doubles COMPONENT [the real binary's flags]: the wrappers named after the binaries
// (KubernetesTestDoubleBinaries) exec this with their own name first.
using var lifetime = new TestDoubleLifetime();
var flags = TestDoubleFlags.Parse(args.Skip(1).ToList());
return args.FirstOrDefault() switch
{
    "kube-apiserver" => await KubeApiServerCommandTestDouble.RunAsync(flags, lifetime),
    "kubelet" => await KubeletCommandTestDouble.RunAsync(flags, lifetime),
    "kube-controller-manager" => await KubeControlPlaneComponentTestDouble.RunAsync("kube-controller-manager", 10257, flags, lifetime),
    "kube-scheduler" => await KubeControlPlaneComponentTestDouble.RunAsync("kube-scheduler", 10259, flags, lifetime),
    "kube-proxy" => await KubeProxyCommandTestDouble.RunAsync(flags, lifetime),
    var other => Usage(other),
};

static int Usage(string? component)
{
    Console.Error.WriteLine($"kubernetes-test-doubles: unknown component \"{component}\"; one of kube-apiserver, kubelet, kube-controller-manager, kube-scheduler, kube-proxy");
    return 2;
}
