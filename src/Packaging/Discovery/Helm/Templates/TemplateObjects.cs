using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Discovery.Helm.Templates;

/// <summary>.Chart: the Chart.yaml fields under Helm's Go names (Name, Version, AppVersion...).</summary>
internal sealed class ChartObject(YamlNode metadata) : ITemplateObject
{
    private readonly object? _fields = TemplateYaml.FromNode(metadata);

    public object? Field(string name)
    {
        if (_fields is not Dictionary<string, object?> map) return null;
        var key = name switch { "APIVersion" => "apiVersion", "AppVersion" => "appVersion", "KubeVersion" => "kubeVersion", _ => char.ToLowerInvariant(name[0]) + name[1..] };
        // Chart.yaml strings stay strings (version: 1.10 is "1.10" to Helm, which reads the file into typed fields).
        return map.GetValueOrDefault(key) switch
        {
            double when metadata.Child(key) is YamlScalarNode { Value: { } text } => text,
            var v => v,
        };
    }
}

internal sealed class ReleaseObject(string name, string @namespace) : ITemplateObject
{
    public object? Field(string field) => field switch
    {
        "Name" => name,
        "Namespace" => @namespace,
        "Service" => "Helm",
        "IsInstall" => true,
        "IsUpgrade" => false,
        "Revision" => 1L,
        _ => null,
    };
}

/// <summary>.Capabilities as <c>helm template</c> has them: the given Kubernetes version and helm's built-in API versions.</summary>
internal sealed class CapabilitiesObject(string kubeVersion) : ITemplateObject
{
    // What helm template reports without a cluster (chartutil.DefaultVersionSet): the API groups of Kubernetes itself.
    private static readonly HashSet<string> ApiVersions = new(StringComparer.Ordinal)
    {
        "v1", "admissionregistration.k8s.io/v1", "apiextensions.k8s.io/v1", "apiregistration.k8s.io/v1", "apps/v1",
        "authentication.k8s.io/v1", "authorization.k8s.io/v1", "autoscaling/v1", "autoscaling/v2", "batch/v1",
        "certificates.k8s.io/v1", "coordination.k8s.io/v1", "discovery.k8s.io/v1", "events.k8s.io/v1",
        "flowcontrol.apiserver.k8s.io/v1", "networking.k8s.io/v1", "node.k8s.io/v1", "policy/v1",
        "rbac.authorization.k8s.io/v1", "scheduling.k8s.io/v1", "storage.k8s.io/v1", "resource.k8s.io/v1",
    };

    public object? Field(string name) => name switch
    {
        "KubeVersion" => new KubeVersionObject(kubeVersion),
        "APIVersions" => new ApiVersionsObject(),
        "HelmVersion" => new Dictionary<string, object?>(StringComparer.Ordinal) { ["Version"] = "v4.1.4", ["GoVersion"] = "go1.25" },
        _ => null,
    };

    private sealed class KubeVersionObject(string version) : ITemplateObject
    {
        public object? Field(string name)
        {
            var parts = version.TrimStart('v').Split('.', '-', '+');
            return name switch
            {
                "Version" or "GitVersion" => version.StartsWith('v') ? version : "v" + version,
                "Major" => parts[0],
                "Minor" => parts.Length > 1 ? parts[1] : "0",
                _ => null,
            };
        }

        public override string ToString() => version.StartsWith('v') ? version : "v" + version;
    }

    private sealed class ApiVersionsObject : ITemplateObject
    {
        public object? Field(string name) => name == "Has"
            ? new TemplateMethod("Has", args => args.Count == 1 && ApiVersions.Contains(TemplateData.Print(args[0]).Split('/') is [var g, var v, _] ? $"{g}/{v}" : TemplateData.Print(args[0])))
            : null;
    }
}

/// <summary>.Files: the chart's files outside templates/ (Get, and what is computed from Get).</summary>
internal sealed class FilesObject(ChartFiles files, Func<string, int, string, Unresolved> unresolved) : ITemplateObject
{
    public object? Field(string name) => name switch
    {
        "Get" => new TemplateMethod("Get", a => files.ReadText(TemplateData.Print(a.FirstOrDefault())) ?? ""),
        "GetBytes" => new TemplateMethod("GetBytes", a => files.ReadText(TemplateData.Print(a.FirstOrDefault())) ?? ""),
        "Lines" => new TemplateMethod("Lines", a => (files.ReadText(TemplateData.Print(a.FirstOrDefault())) ?? "").Split('\n').Select(l => (object?)l).ToList()),
        _ => new TemplateMethod(name, _ => unresolved("", 0, $".Files.{name} is not known to the built-in reader")),
    };
}

internal sealed class TemplateInfoObject(string name, string basePath) : ITemplateObject
{
    public object? Field(string field) => field switch { "Name" => name, "BasePath" => basePath, _ => null };
}
