using Gravity.Packaging.Discovery.Helm.Rendering;

namespace Gravity.Packaging.Tests.Discovery.Helm;

/// <summary>A test that runs the real helm: skipped, with the reason, where none is installed (CI installs it).</summary>
public sealed class RequiresHelmFactAttribute : FactAttribute
{
    public RequiresHelmFactAttribute()
    {
        if (RealHelm.Executable is null) Skip = RealHelm.MissingReason;
    }
}

/// <inheritdoc cref="RequiresHelmFactAttribute"/>
public sealed class RequiresHelmTheoryAttribute : TheoryAttribute
{
    public RequiresHelmTheoryAttribute()
    {
        if (RealHelm.Executable is null) Skip = RealHelm.MissingReason;
    }
}

internal static class RealHelm
{
    public const string MissingReason = "no helm on PATH (scripts/install-deps.sh installs helm v4.1.4 in /usr/local/bin)";

    private static readonly Lazy<HelmExecutable?> Found = new(() =>
        HelmExecutable.LocateAsync(null, Environment.GetEnvironmentVariable, CancellationToken.None).GetAwaiter().GetResult());

    public static HelmExecutable? Executable => Found.Value;

    public static HelmExecutable Required => Executable ?? throw new InvalidOperationException(MissingReason);
}
