using System.Reflection;

namespace Gravity.Core;

/// <summary>
/// The version of this build of tele and gravity, from the one &lt;Version&gt; in Directory.Build.props: what `gravity
/// version` prints and what every operation plan records as the gravity that built it.
/// </summary>
public static class GravityVersion
{
    public static string Current { get; } = Read();

    private static string Read()
    {
        var informational = typeof(GravityVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // The SDK appends "+<commit>" when it knows the source revision; the version proper is what comes before.
        return informational?.Split('+')[0] is { Length: > 0 } v ? v : typeof(GravityVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
