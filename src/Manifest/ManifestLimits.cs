namespace Gravity.Manifest;

/// <summary>Bounds on what a manifest may make the loader do, so that a hostile or broken app.yaml ends in an error
/// quickly instead of exhausting the CPU, the heap or the stack (alias bombs, deep nesting, huge files).</summary>
public static class ManifestLimits
{
    /// <summary>Largest manifest file (and largest manifest text given to <see cref="ManifestLoader.Parse"/>).</summary>
    public const int MaxDocumentBytes = 16 << 20;

    /// <summary>Deepest nesting of mappings and lists, aliases expanded. Every walk of the tree recurses this deep at most.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most aliases (<c>*name</c>) in one manifest.</summary>
    public const int MaxAliases = 1000;

    /// <summary>Most nodes (scalars, mappings, lists) of the manifest with every alias expanded.</summary>
    public const int MaxExpandedNodes = 100_000;

    /// <summary>Most characters of scalar text of the manifest with every alias expanded.</summary>
    public const long MaxExpandedScalarChars = 16L << 20;

    /// <summary>Largest content of one URI-loadable field (file or download), the default of
    /// <see cref="ManifestLoadOptions.MaxFieldBytes"/>.</summary>
    public const long MaxFieldBytes = 16L << 20;
}
