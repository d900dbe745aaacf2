using YamlDotNet.Core;

namespace Gravity.Manifest.Parsing;

/// <summary>The manifest went past one of <see cref="ManifestLimits"/>; thrown out of the event stream so that nothing
/// further is read or built.</summary>
internal sealed class YamlLimitException(Mark at, string message) : Exception(message)
{
    public Mark At { get; } = at;
}
