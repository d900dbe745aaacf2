using Gravity.Oci;

namespace Gravity.Packaging.Discovery;

/// <summary>The rewritten text and each distinct reference change made, in the order first made.</summary>
public sealed record RewriteResult(string Text, IReadOnlyList<(ImageReference From, ImageReference To)> Changes);
