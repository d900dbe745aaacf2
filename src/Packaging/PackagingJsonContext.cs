using System.Text.Json.Serialization;
using Gravity.Oci.Model;
using Gravity.Packaging.Build;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Packaging;

/// <summary>Generated JSON code for the documents every build writes or reads (reflection costs tens of milliseconds on first use).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(DigestJsonConverter)])]
[JsonSerializable(typeof(ClusterImageHead))]
[JsonSerializable(typeof(BuildOutputCache.Fingerprint))]
internal sealed partial class PackagingJsonContext : JsonSerializerContext;
