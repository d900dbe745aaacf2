using System.Text.Json;
using System.Text.RegularExpressions;
using Gravity.Manifest.Validation;

namespace Gravity.Packaging.RuntimePackages;

/// <summary>
/// Reads runtime.json with limits (size, depth, count of binaries) and refuses what the node could trip on: an unknown
/// field, a missing one, a binary name that is not a plain file name, a program named twice. Every refusal names the
/// field (<c>runtime.json: binaries[2].name ...</c>) and throws <see cref="InvalidDataException"/>.
/// </summary>
public static partial class RuntimePackageManifestParser
{
    /// <summary>What a binary may be: the programs the node runs or offers, or <c>other</c> for a vendor's extra tool.</summary>
    public static readonly IReadOnlySet<string> KnownKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "etcd", "containerd", "containerd-shim-runc-v2", "runc", "ctr", "kube-apiserver", "kube-controller-manager",
        "kube-scheduler", "kubelet", "kube-proxy", "kubectl", "helm", "other",
    };

    private static readonly string[] TopFields = ["formatVersion", "kubernetesVersion", "os", "architecture", "binaries"];
    private static readonly string[] BinaryFields = ["name", "kind", "version"];

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex ProgramName();

    /// <summary>A plain file name for bin/ (no '/', no leading dot, so no whiteout or hidden file either).</summary>
    public static bool IsProgramName(string name) => ProgramName().IsMatch(name);

    public static RuntimePackageManifest Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > RuntimePackageFormat.MaxManifestBytes)
            throw Bad("", $"is {json.Length} bytes; at most {RuntimePackageFormat.MaxManifestBytes} are allowed");
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw Bad("", $"is not JSON: {ex.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad("", "is not a JSON object");
            RefuseUnknown(root, TopFields, "");
            var formatVersion = root.TryGetProperty("formatVersion", out var fv) && fv.ValueKind == JsonValueKind.Number && fv.TryGetInt32(out var v)
                ? v : throw Bad("formatVersion", "is missing or not a number");
            if (formatVersion != RuntimePackageFormat.CurrentFormatVersion)
                throw Bad("formatVersion", $"is {formatVersion}; this gravity reads format {RuntimePackageFormat.CurrentFormatVersion}");
            var kubernetes = RequiredString(root, "kubernetesVersion", "kubernetesVersion");
            if (!Formats.IsSemVer(kubernetes)) throw Bad("kubernetesVersion", $"'{kubernetes}' is not a semantic version (e.g. 1.35.2)");
            var os = RequiredString(root, "os", "os");
            var architecture = RequiredString(root, "architecture", "architecture");
            if (!root.TryGetProperty("binaries", out var list) || list.ValueKind != JsonValueKind.Array)
                throw Bad("binaries", "is missing or not a list");
            if (list.GetArrayLength() > RuntimePackageFormat.MaxBinaries)
                throw Bad("binaries", $"lists {list.GetArrayLength()} programs; at most {RuntimePackageFormat.MaxBinaries} are allowed");
            var binaries = new List<RuntimePackageBinary>();
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                var field = $"binaries[{i++}]";
                if (item.ValueKind != JsonValueKind.Object) throw Bad(field, "is not an object");
                RefuseUnknown(item, BinaryFields, field + ".");
                var name = RequiredString(item, "name", field + ".name");
                if (!ProgramName().IsMatch(name))
                    throw Bad(field + ".name", $"'{name}' is not a program name (lower-case letters, digits, '.', '_' and '-', at most 64)");
                if (binaries.Any(b => b.Name == name)) throw Bad(field + ".name", $"'{name}' is listed twice");
                var kind = RequiredString(item, "kind", field + ".kind");
                if (!KnownKinds.Contains(kind)) throw Bad(field + ".kind", $"'{kind}' is none of {string.Join(", ", KnownKinds)}");
                string? version = null;
                if (item.TryGetProperty("version", out var ver))
                    version = ver.ValueKind == JsonValueKind.String && ver.GetString() is { Length: > 0 and <= 128 } s ? s : throw Bad(field + ".version", "is not a short string");
                binaries.Add(new RuntimePackageBinary(name, kind, version));
            }
            return new RuntimePackageManifest(formatVersion, kubernetes, os, architecture, binaries);
        }
    }

    private static string RequiredString(JsonElement obj, string name, string field)
        => obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 128 } s
            ? s : throw Bad(field, "is missing, not a string, empty or longer than 128 characters");

    private static void RefuseUnknown(JsonElement obj, string[] known, string prefix)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            if (!known.Contains(property.Name)) throw Bad(prefix + property.Name, "is not a field of runtime.json");
            if (!seen.Add(property.Name)) throw Bad(prefix + property.Name, "is given twice");
        }
    }

    private static InvalidDataException Bad(string field, string problem)
        => new(field.Length == 0 ? $"{RuntimePackageFormat.ManifestFileName} {problem}" : $"{RuntimePackageFormat.ManifestFileName}: {field} {problem}");
}
