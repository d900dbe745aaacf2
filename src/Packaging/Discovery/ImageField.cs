using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Discovery;

/// <summary>A YAML node that names an image, with a human description of where (<c>Deployment/web spec...image</c>).</summary>
internal sealed record ImageField(YamlNode Node, string Origin);
