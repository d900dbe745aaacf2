namespace Gravity.Packaging.Discovery.Helm.Rendering;

/// <summary>One <c>helm template</c> of a top-level chart of the build folder.</summary>
public sealed record HelmRenderRequest(string ChartDir, string ChartFullPath, string ReleaseName, string Namespace, string KubeVersion,
    IReadOnlyList<string> ValuesFiles, IReadOnlyList<KeyValuePair<string, string>> Set)
{
    public IReadOnlyList<string> Arguments()
    {
        var args = new List<string>
        {
            "template", ReleaseName, ChartFullPath, "--namespace", Namespace, "--kube-version", KubeVersion, "--include-crds",
        };
        foreach (var file in ValuesFiles) args.AddRange(["--values", file]);
        foreach (var (key, value) in Set) args.AddRange(["--set", $"{key}={value}"]);
        return args;
    }

    /// <summary>A release name helm accepts (lowercase DNS label, at most 53 characters) made from the chart's name.</summary>
    public static string ReleaseNameFor(string chartName)
    {
        var chars = chartName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray();
        var name = new string(chars).Trim('-');
        if (name.Length > 53) name = name[..53].TrimEnd('-');
        return name.Length == 0 ? "release" : name;
    }
}
