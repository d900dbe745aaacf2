using System.Security.Cryptography;
using System.Text;
using Gravity.Core;

namespace Gravity.Packaging.Discovery.Helm.Rendering;

/// <summary>
/// Remembers what <c>helm template</c> printed, keyed by everything the output depends on: the helm binary, every
/// argument, and the content of every file of the chart (subcharts and .tgz included) and of every values file. An
/// unchanged chart with unchanged values is not rendered again; any change renders it again. Best effort: a
/// cache that cannot be read or written only costs a render.
/// </summary>
internal sealed class HelmRenderCache(string? dir)
{
    private const int Keep = 256;
    private const string VersionLinePrefix = "# rendered by helm ";

    public static string KeyOf(HelmExecutable helm, HelmRenderRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\0"));
        Add("gravity-helm-render-1");
        Add(helm.Fingerprint);
        foreach (var arg in request.Arguments()) Add(arg);
        var root = request.ChartFullPath;
        var files = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        foreach (var file in files) AddFile(hash, file, Path.Combine(root, file));
        foreach (var values in request.ValuesFiles) AddFile(hash, values, values);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public (string Output, string HelmVersion)? TryGet(string key)
    {
        if (dir is null) return null;
        try
        {
            var text = File.ReadAllText(Path.Combine(dir, key + ".yaml"));
            var newline = text.IndexOf('\n');
            if (newline < 0 || !text.StartsWith(VersionLinePrefix, StringComparison.Ordinal)) return null;
            return (text[(newline + 1)..], text[VersionLinePrefix.Length..newline]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    public async Task RememberAsync(string key, string output, string helmVersion)
    {
        if (dir is null) return;
        try
        {
            Directory.CreateDirectory(dir);
            await AtomicFile.WriteAllTextAsync(Path.Combine(dir, key + ".yaml"), $"{VersionLinePrefix}{helmVersion}\n{output}",
                UnixFileMode.UserRead | UnixFileMode.UserWrite).ConfigureAwait(false);
            foreach (var old in new DirectoryInfo(dir).GetFiles("*.yaml").OrderByDescending(f => f.LastWriteTimeUtc).Skip(Keep))
                old.Delete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static void AddFile(IncrementalHash hash, string name, string path)
    {
        hash.AppendData(Encoding.UTF8.GetBytes(name + "\0"));
        try
        {
            using var stream = File.OpenRead(path);
            hash.AppendData(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            hash.AppendData(Encoding.UTF8.GetBytes("unreadable:" + Guid.NewGuid()));   // never a hit: helm decides
        }
    }
}
