namespace Gravity.Manifest;

/// <summary>One problem found in a manifest. Line and column are 1-based (0 when the problem concerns the whole file).</summary>
public sealed record ManifestError(string File, int Line, int Column, string FieldPath, string Message)
{
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return FieldPath.Length == 0 ? $"{where}: {Message}" : $"{where}: {FieldPath}: {Message}";
    }
}
