namespace Gravity.Manifest.Tests;

internal static class Fixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string SampleManifest => Path.Combine(Dir, "sample", "app.yaml");

    /// <summary>Environment with nothing defined, so tests do not depend on the machine.</summary>
    public static ManifestLoadOptions NoEnvironment => new() { GetEnvironmentVariable = _ => null };
}
