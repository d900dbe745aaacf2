using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Gravity.Oci;

/// <summary>A content digest as defined by the OCI image specification: <c>algorithm:encoded</c>.</summary>
public readonly partial record struct Digest
{
    public string Algorithm { get; }
    public string Hex { get; }

    private Digest(string algorithm, string hex) { Algorithm = algorithm; Hex = hex; }

    public static Digest Sha256(ReadOnlySpan<byte> hash) => new("sha256", Convert.ToHexStringLower(hash));

    public static Digest Compute(ReadOnlySpan<byte> content) => Sha256(SHA256.HashData(content));

    public static async Task<Digest> ComputeAsync(Stream content, CancellationToken ct = default)
        => Sha256(await SHA256.HashDataAsync(content, ct));

    public static Digest Parse(string value)
        => TryParse(value, out var d) ? d : throw new FormatException($"invalid digest '{value}'");

    /// <summary>Accepts only the registered algorithms with their exact encoded length, so a digest can be used safely as a file name.</summary>
    public static bool TryParse(string? value, out Digest digest)
    {
        digest = default;
        if (value is null) return false;
        var m = Grammar().Match(value);
        if (!m.Success) return false;
        var alg = m.Groups[1].Value;
        var hex = m.Groups[2].Value;
        var expected = alg switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        if (hex.Length != expected) return false;
        digest = new Digest(alg, hex);
        return true;
    }

    public IncrementalHash CreateHash() => Algorithm switch
    {
        "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => throw new NotSupportedException($"unsupported digest algorithm '{Algorithm}'"),
    };

    public bool IsDefault => Algorithm is null;

    public override string ToString() => $"{Algorithm}:{Hex}";

    [GeneratedRegex("^(sha256|sha512):([a-f0-9]+)$")]
    private static partial Regex Grammar();
}
