using System.Text.Json.Nodes;

namespace Gravity.Testing.Kubernetes;

/// <summary>A bind mount of a host folder or file into a container.</summary>
public sealed record KubeletBindMount(string Source, string Destination, bool ReadOnly);

/// <summary>What the kubelet stand-in runs for one container of a pod: image, process, environment and mounts.</summary>
public sealed record KubeletContainerPlan(string Name, string Image, IReadOnlyList<string> Process, IReadOnlyList<string> Environment,
    IReadOnlyList<KubeletBindMount> Mounts, string? WorkingDir, bool InitContainer);

/// <summary>
/// Reads a pod spec into container plans. Supported: command and args (args alone replace the image's command: the
/// image's Entrypoint is not prepended), env name/value, workingDir, volumes hostPath and emptyDir (a folder of the pod
/// under <paramref name="podDir"/>). Anything else (env valueFrom, envFrom, other volume kinds) is refused with a message
/// naming the field, and the pod fails with it.
/// </summary>
public static class KubeletPodSpecReader
{
    public static (IReadOnlyList<KubeletContainerPlan> Plans, string? Error) Read(JsonObject podSpec, string podDir, IReadOnlyList<KubeletBindMount> extraMounts, IReadOnlyList<string> extraEnv)
    {
        var volumes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var volume in podSpec["volumes"] as JsonArray ?? [])
        {
            var name = volume?["name"]?.GetValue<string>() ?? "";
            if (volume?["hostPath"]?["path"]?.GetValue<string>() is { } path)
            {
                if (volume["hostPath"]!["type"]?.GetValue<string>() == "DirectoryOrCreate") Directory.CreateDirectory(path);
                volumes[name] = path;
            }
            else if (volume?["emptyDir"] is not null)
            {
                var dir = Path.Combine(podDir, "volumes", name);
                Directory.CreateDirectory(dir);
                volumes[name] = dir;
            }
            else return ([], $"spec.volumes[{name}]: the kubelet test double supports only hostPath and emptyDir volumes");
        }
        var plans = new List<KubeletContainerPlan>();
        foreach (var (field, init) in new[] { ("initContainers", true), ("containers", false) })
            foreach (var container in podSpec[field] as JsonArray ?? [])
            {
                var name = container?["name"]?.GetValue<string>() ?? "";
                var where = $"spec.{field}[{name}]";
                if (container?["image"]?.GetValue<string>() is not { Length: > 0 } image) return ([], $"{where}.image: Required value");
                if (container["envFrom"] is not null) return ([], $"{where}.envFrom: not supported by the kubelet test double");
                var env = new List<string>(extraEnv);
                foreach (var variable in container["env"] as JsonArray ?? [])
                {
                    var variableName = variable?["name"]?.GetValue<string>() ?? "";
                    if (variable?["valueFrom"] is not null) return ([], $"{where}.env[{variableName}].valueFrom: not supported by the kubelet test double");
                    env.Add($"{variableName}={variable?["value"]?.GetValue<string>() ?? ""}");
                }
                var mounts = new List<KubeletBindMount>(extraMounts);
                foreach (var mount in container["volumeMounts"] as JsonArray ?? [])
                {
                    var volumeName = mount?["name"]?.GetValue<string>() ?? "";
                    if (!volumes.TryGetValue(volumeName, out var source)) return ([], $"{where}.volumeMounts[{volumeName}]: no volume of that name");
                    if (mount?["subPath"] is not null) return ([], $"{where}.volumeMounts[{volumeName}].subPath: not supported by the kubelet test double");
                    mounts.Add(new KubeletBindMount(source, mount!["mountPath"]!.GetValue<string>(), mount["readOnly"]?.GetValue<bool>() == true));
                }
                var process = Strings(container["command"]).Concat(Strings(container["args"])).ToList();
                plans.Add(new KubeletContainerPlan(name, image, process, env, mounts, container["workingDir"]?.GetValue<string>(), init));
            }
        return plans.Count == 0 ? ([], "spec.containers: Required value") : (plans, null);
    }

    private static IEnumerable<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => n!.GetValue<string>());
}
