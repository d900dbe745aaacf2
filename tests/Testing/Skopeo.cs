using System.Text.Json.Nodes;
using Gravity.Core.Processes;

namespace Gravity.Testing;

/// <summary>skopeo as an independent OCI client in tests. Registries are given as <see cref="RegistryProcess"/> so credentials and TLS flags follow.</summary>
public static class Skopeo
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static bool IsInstalled => ProcessRunner.Which("skopeo") is not null;

    /// <summary>Copies every image of <paramref name="source"/> (all platforms, digests preserved) to <paramref name="destination"/>.</summary>
    public static Task<ProcessResult> CopyAsync(string source, string destination, RegistryProcess? sourceRegistry = null,
        RegistryProcess? destinationRegistry = null, bool all = true, CancellationToken ct = default)
    {
        List<string> args = ["--insecure-policy", "copy", "--retry-times", "2"];
        if (all) args.AddRange(["--all", "--preserve-digests"]);
        args.AddRange(RegistryFlags("src", sourceRegistry));
        args.AddRange(RegistryFlags("dest", destinationRegistry));
        args.AddRange([source, destination]);
        return ProcessRunner.RunCheckedAsync("skopeo", args, timeout: Timeout, ct: ct);
    }

    /// <summary>The manifest bytes exactly as the source serves them (<c>skopeo inspect --raw</c>).</summary>
    public static async Task<string> InspectRawAsync(string image, RegistryProcess? registry = null, CancellationToken ct = default)
    {
        List<string> args = ["--insecure-policy", "inspect", "--raw", .. RegistryFlags("", registry), image];
        return (await ProcessRunner.RunCheckedAsync("skopeo", args, timeout: Timeout, ct: ct)).StdOut;
    }

    /// <summary><c>skopeo inspect</c> JSON (Digest, Layers, Architecture...).</summary>
    public static async Task<JsonNode> InspectAsync(string image, RegistryProcess? registry = null, CancellationToken ct = default)
    {
        List<string> args = ["--insecure-policy", "inspect", .. RegistryFlags("", registry), image];
        var r = await ProcessRunner.RunCheckedAsync("skopeo", args, timeout: Timeout, ct: ct);
        return JsonNode.Parse(r.StdOut) ?? throw new InvalidOperationException("skopeo inspect printed nothing");
    }

    /// <summary>docker:// URL of a repository in a test registry.</summary>
    public static string Docker(RegistryProcess registry, string repositoryAndTag) => $"docker://{registry.HostPort}/{repositoryAndTag}";

    /// <summary>Flags for one side of a transfer: prefix "src", "dest", or "" for inspect.</summary>
    public static IEnumerable<string> RegistryFlags(string prefix, RegistryProcess? registry)
    {
        if (registry is null) yield break;
        var p = prefix.Length == 0 ? "--" : $"--{prefix}-";
        if (registry.CertDirectory is { } certs) yield return $"{p}cert-dir={certs}";
        else yield return $"{p}tls-verify=false";
        if (registry.Options.BasicAuthUser is { } user) yield return $"{p}creds={user}:{registry.Options.BasicAuthPassword}";
        else yield return $"{p}no-creds";
    }
}
