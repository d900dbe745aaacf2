namespace Gravity.Packaging.Discovery;

/// <summary>Where an image was named: file relative to the build folder, 1-based line, and what named it.</summary>
public sealed record ImageSource(string File, int Line, string Origin)
{
    public override string ToString() => $"{File}:{Line}: {Origin}";
}
