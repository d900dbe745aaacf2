using Gravity.Core.Processes;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// Puts the Kubernetes test doubles where the node agent looks for the real binaries: one shell wrapper per component
/// (kube-apiserver, kubelet, kube-controller-manager, kube-scheduler, kube-proxy) that execs
/// `dotnet kubernetes-test-doubles.dll COMPONENT "$@"` (tests/KubernetesDoubles), so the agent runs them with the
/// arguments it gives the real ones. A test project that uses it references tests/KubernetesDoubles (so the dll is built
/// and copied next to the tests).
/// </summary>
public static class KubernetesTestDoubleBinaries
{
    public const string AssemblyFile = "kubernetes-test-doubles.dll";
    public static readonly IReadOnlyList<string> Components = ["kube-apiserver", "kubelet", "kube-controller-manager", "kube-scheduler", "kube-proxy"];

    /// <summary>Writes the wrappers (0755) into <paramref name="runtimeBin"/> (a node's &lt;state-dir&gt;/runtime/bin); returns their paths.</summary>
    public static IReadOnlyList<string> Install(string runtimeBin, IEnumerable<string>? components = null)
    {
        var dll = FindAssembly();
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : ProcessRunner.Which("dotnet") ?? "dotnet";
        Directory.CreateDirectory(runtimeBin);
        var written = new List<string>();
        foreach (var component in components ?? Components)
        {
            var path = Path.Combine(runtimeBin, component);
            File.WriteAllText(path, $"#!/bin/sh\n# Kubernetes test double (tests/KubernetesDoubles), not the real {component}.\nexec '{dotnet}' '{dll}' {component} \"$@\"\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                       UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            written.Add(path);
        }
        return written;
    }

    public static string FindAssembly()
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, AssemblyFile) };
        if (Environment.GetEnvironmentVariable("GRAVITY_BUILD_DIR") is { Length: > 0 } buildDir)
            candidates.Add(Path.Combine(buildDir, "bin", "Gravity.KubernetesDoubles", "Debug", "net10.0", AssemblyFile));
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gravity.slnx"))) dir = dir.Parent;
        if (dir is not null) candidates.Add(Path.Combine(dir.FullName, "tests", "KubernetesDoubles", "bin", "Debug", "net10.0", AssemblyFile));
        return candidates.FirstOrDefault(File.Exists)
               ?? throw new InvalidOperationException($"{AssemblyFile} not found (build tests/KubernetesDoubles first); looked at: {string.Join(", ", candidates)}");
    }
}
