using System.Text.Json;
using System.Text.Json.Serialization;
using Gravity.Oci;
using Gravity.Oci.Model;

namespace Gravity.Packaging.ClusterImage;

/// <summary>
/// <c>.gravity/head.json</c>, the first entry of a cluster image: what the image is, the container images it holds,
/// and the size, mode and digest of every other entry (so the head alone is enough to inspect or verify the file).
/// </summary>
public sealed record ClusterImageHead
{
    public const int CurrentFormatVersion = 1;

    [JsonPropertyName("formatVersion")] public int FormatVersion { get; init; } = CurrentFormatVersion;
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("version")] public string Version { get; init; } = "";
    [JsonPropertyName("created")] public DateTimeOffset Created { get; init; }
    [JsonPropertyName("registry")] public string Registry { get; init; } = "";
    [JsonPropertyName("images")] public IReadOnlyList<HeadImage> Images { get; init; } = [];
    [JsonPropertyName("rewrites")] public IReadOnlyDictionary<string, string> Rewrites { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    [JsonPropertyName("resources")] public IReadOnlyList<string> Resources { get; init; } = [];
    /// <summary>
    /// The runtime package of each node profile that has one (by profile name): which of <see cref="Images"/> install and
    /// join unpack into the node's runtime folder. A profile not listed runs the host's programs. Always present (maybe empty).
    /// </summary>
    [JsonPropertyName("runtimePackages")] public IReadOnlyDictionary<string, HeadRuntimePackage> RuntimePackages { get; init; } = new SortedDictionary<string, HeadRuntimePackage>(StringComparer.Ordinal);
    /// <summary>Sum of the sizes of every image, counting shared blobs once per image.</summary>
    [JsonPropertyName("totalBytes")] public long TotalBytes { get; init; }
    /// <summary>Sum of the sizes of the distinct blobs actually stored.</summary>
    [JsonPropertyName("uniqueBytes")] public long UniqueBytes { get; init; }
    [JsonPropertyName("entries")] public IReadOnlyList<HeadEntry> Entries { get; init; } = [];
    /// <summary>The head's own digest (see <see cref="HeadSelfDigest"/>); <see cref="ToJson"/> fills it in.</summary>
    [JsonPropertyName(HeadSelfDigest.Field)] public Digest? HeadDigest { get; init; }

    public IReadOnlyList<ArchiveEntry> ToArchiveEntries() => Entries.Select(e => e.ToArchiveEntry()).ToList();

    private static readonly JsonSerializerOptions JsonOptions = new(OciJson.Options)
    {
        WriteIndented = true,
        AllowDuplicateProperties = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(PackagingJsonContext.Default, OciJson.Options.TypeInfoResolver),
    };

    /// <summary>The head as written into an image: sealed with its own digest.</summary>
    public byte[] ToJson() => HeadSelfDigest.Seal(JsonSerializer.SerializeToUtf8Bytes(this with { HeadDigest = HeadSelfDigest.Placeholder }, JsonOptions));

    /// <summary>
    /// Reads a head: its self-digest first (a damaged head is refused before any of it is believed), then the JSON, then
    /// every field the tools rely on (a missing or null one is refused naming it). Throws <see cref="InvalidDataException"/>.
    /// </summary>

    public static ClusterImageHead Parse(ReadOnlySpan<byte> json)
    {
        HeadSelfDigest.Verify(json);
        ClusterImageHead head;
        try
        {
            head = JsonSerializer.Deserialize<ClusterImageHead>(json, JsonOptions) ?? throw new InvalidDataException("head.json is empty");
        }
        catch (JsonException ex)
        {
            // Name the field ("entries[0].digest") the way the validator does, rather than a JSON path at the end.
            var message = ex.Message;
            var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
            if (cut >= 0) message = message[..cut];
            var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
            throw new InvalidDataException(field is null ? $"{ClusterImageLayout.HeadPath}: {message}" : $"{ClusterImageLayout.HeadPath}: {field} is invalid: {message}", ex);
        }
        if (head.FormatVersion != CurrentFormatVersion)
            throw new InvalidDataException($"{ClusterImageLayout.HeadPath}: unsupported format version {head.FormatVersion} (this tool reads {CurrentFormatVersion})");
        ClusterImageHeadValidator.Validate(head);
        return head;
    }
}

public sealed record HeadImage
{
    [JsonPropertyName("reference")] public string Reference { get; init; } = "";
    [JsonPropertyName("rewritten")] public string Rewritten { get; init; } = "";
    [JsonPropertyName("digest")] public Digest Digest { get; init; }
    [JsonPropertyName("mediaType")] public string MediaType { get; init; } = "";
    /// <summary>The digest the source served, when it differs from <see cref="Digest"/> (Docker media types converted to OCI).</summary>
    [JsonPropertyName("sourceDigest")] public Digest? SourceDigest { get; init; }
    /// <summary>Bytes of the manifest(s), configs and layers of this image.</summary>
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("platforms")] public IReadOnlyList<string> Platforms { get; init; } = [];
    [JsonPropertyName("sources")] public IReadOnlyList<HeadImageSource> Sources { get; init; } = [];
}

/// <summary>A profile's runtime package: the image (as in <see cref="HeadImage.Reference"/>) and its digest there, and the Kubernetes it carries.</summary>
public sealed record HeadRuntimePackage
{
    [JsonPropertyName("reference")] public string Reference { get; init; } = "";
    [JsonPropertyName("digest")] public Digest Digest { get; init; }
    [JsonPropertyName("kubernetesVersion")] public string KubernetesVersion { get; init; } = "";
}

public sealed record HeadImageSource
{
    [JsonPropertyName("file")] public string File { get; init; } = "";
    [JsonPropertyName("line")] public int Line { get; init; }
    [JsonPropertyName("origin")] public string Origin { get; init; } = "";
}

public sealed record HeadEntry
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("mode")] public string Mode { get; init; } = "0644";
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("digest")] public Digest Digest { get; init; }

    public static HeadEntry From(ArchiveEntry e) => new() { Name = e.Name, Mode = e.OctalMode, Size = e.Size, Digest = e.Digest };

    public ArchiveEntry ToArchiveEntry() => new(Name, FileModes.ParseOctal(Mode), Size, Digest);
}
