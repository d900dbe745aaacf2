using Gravity.Manifest;
using Gravity.Packaging.Discovery;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.Discovery;

/// <summary>A temporary build folder that tests fill with small files, plus helpers to run discovery on it.</summary>
internal sealed class BuildFolder : IDisposable
{
    private readonly TempDir _dir = new("discovery");

    public string Path => _dir.Path;

    public BuildFolder Write(string relativePath, string text)
    {
        var full = _dir.Combine(relativePath.Split('/'));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return this;
    }

    public BuildFolder WriteBytes(string relativePath, byte[] content)
    {
        var full = _dir.Combine(relativePath.Split('/'));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return this;
    }

    public static AppManifest Manifest(string? baseImage = null, IReadOnlyDictionary<string, string>? hooks = null,
        IReadOnlyList<string?>? profileBaseImages = null) => new()
    {
        ApiVersion = "bundle.gravitational.io/v2",
        Kind = "Bundle",
        Metadata = new ManifestMetadata { Name = "test", ResourceVersion = "0.0.1" },
        BaseImage = baseImage,
        NodeProfiles = (profileBaseImages ?? []).Select((image, i) => new NodeProfile
        {
            Name = $"p{i}",
            SystemOptions = image is null ? null : new SystemOptions { BaseImage = image },
        }).ToList(),
        Hooks = (hooks ?? new Dictionary<string, string>()).ToDictionary(h => h.Key, h => new HookSpec { Job = h.Value }),
    };

    public Task<DiscoveryResult> DiscoverAsync(DiscoveryOptions? options = null, AppManifest? manifest = null)
        => ImageDiscovery.DiscoverAsync(Path, manifest ?? Manifest(), options ?? new DiscoveryOptions(), CancellationToken.None);

    public void Dispose() => _dir.Dispose();
}

internal static class DiscoveryResultExtensions
{
    public static IReadOnlyList<string> References(this DiscoveryResult result)
        => result.Images.Select(i => i.Reference.ToString()).ToList();

    public static DiscoveredImage Image(this DiscoveryResult result, string normalised)
        => result.Images.Single(i => i.Reference.ToString() == normalised);
}
