namespace Gravity.Packaging.Discovery.Helm.Templates;

/// <summary>
/// A value the built-in reader cannot know (a function it does not have, a cluster lookup, a random string): it
/// spreads through everything computed from it, a condition on it renders neither branch, and printed it leaves a
/// marker so that an image made from it is reported, with where the value came from, instead of guessed.
/// </summary>
internal sealed record Unresolved(int Id, string File, int Line, string Reason)
{
    public const string MarkerPrefix = "__gravity_unresolved_";

    public string Marker => $"{MarkerPrefix}{Id}__";

    public override string ToString() => Marker;
}

/// <summary>A method of a template object, called with arguments (<c>.Capabilities.APIVersions.Has "apps/v1"</c>).</summary>
internal sealed record TemplateMethod(string Name, Func<IReadOnlyList<object?>, object?> Invoke);

/// <summary>An object with fields computed on access (.Chart, .Release, .Capabilities, .Files).</summary>
internal interface ITemplateObject
{
    /// <summary>The field's value; null when there is none.</summary>
    object? Field(string name);
}
