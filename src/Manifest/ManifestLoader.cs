using Gravity.Core.IO;
using Gravity.Manifest.Emitting;
using Gravity.Manifest.Loading;
using Gravity.Manifest.Parsing;
using YamlDotNet.RepresentationModel;

namespace Gravity.Manifest;

/// <summary>Reads and validates application manifests. User mistakes come back as errors (all of them), never as exceptions.</summary>
public static class ManifestLoader
{
    /// <summary>Reads the manifest at <paramref name="path"/>, expands ${VAR}, inlines URI-loadable fields (file:// relative
    /// to the manifest's folder, file:///absolute inside it or an allowed folder, http(s)://) and validates everything,
    /// within <see cref="ManifestLimits"/>.</summary>
    public static async Task<ManifestLoadResult> LoadFileAsync(string path, ManifestLoadOptions? options = null, CancellationToken ct = default)
    {
        options ??= new ManifestLoadOptions();
        byte[]? bytes;
        try
        {
            // app.yaml may be a link (to a shared manifest): it is read where it leads; its folder stays the build context.
            bytes = HostFile.ReadAtMost(HostFile.RealPath(path) ?? path, ManifestLimits.MaxDocumentBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "the manifest file does not exist" : e.Message;
            return Failed(new ManifestError(path, 0, 0, "", reason));
        }
        if (bytes is null) return Failed(new ManifestError(path, 0, 0, "", $"the manifest is larger than {ManifestLimits.MaxDocumentBytes} bytes"));
        if (!ManifestText.TryDecode(bytes, out var text, out var badLine, out var badColumn))
            return Failed(new ManifestError(path, badLine, badColumn, "", "the manifest is not valid UTF-8 here"));

        var unresolved = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var ctx = new ParseContext(path, unresolved);
        if (YamlDocumentReader.Read(text, ctx) is not { } root) return Finish(ctx, null, null);

        EnvironmentExpander.Expand(ctx, root, "", options.GetEnvironmentVariable, unresolved);
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        var http = options.Http;
        using var ownHttp = http is null ? new HttpClient() : null;
        var reader = new UriContent(baseDirectory, options.AllowedPaths, http ?? ownHttp!, options.HttpTimeout, options.MaxFieldBytes);
        var inlined = await UriInliner.InlineAsync(ctx, root, reader, unresolved, ct);
        var result = Finish(ctx, ManifestParser.Parse(ctx, root), root) with { Inlined = inlined };
        if (!result.Succeeded) return result;
        // The final YAML goes into the cluster image and is read again at install: make sure it reads the same.
        var reread = Parse(result.FinalYaml!, path);
        return reread.Succeeded ? result : reread with { Errors = [.. reread.Errors.Select(e => e with { Message = "in the final manifest: " + e.Message })] };
    }

    /// <summary>Parses and validates manifest text as it is: no ${VAR} expansion and no URI loading (for the final app.yaml
    /// inside a cluster image).</summary>
    public static ManifestLoadResult Parse(string yaml, string fileName)
    {
        var ctx = new ParseContext(fileName);
        if (YamlDocumentReader.Read(yaml, ctx) is not { } root) return Finish(ctx, null, null);
        return Finish(ctx, ManifestParser.Parse(ctx, root), root);
    }

    private static ManifestLoadResult Finish(ParseContext ctx, AppManifest? manifest, YamlNode? root)
    {
        if (ctx.Errors.Count > 0 || manifest is null || root is null)
        {
            var errors = ctx.Errors.Distinct().OrderBy(e => e.Line).ThenBy(e => e.Column).ThenBy(e => e.FieldPath, StringComparer.Ordinal).ToList();
            return new ManifestLoadResult(null, errors, null);
        }
        var finalYaml = FinalYamlWriter.Write(root);
        return new ManifestLoadResult(manifest, [], finalYaml);
    }

    private static ManifestLoadResult Failed(ManifestError error) => new(null, [error], null);
}
