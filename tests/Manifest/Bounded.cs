namespace Gravity.Manifest.Tests;

/// <summary>Runs a load on a thread of its own and gives up waiting after a while, so that a loader that hangs or spins
/// fails the test instead of hanging the run. The bound is generous (the machine may be busy): it asserts that the call
/// ends, not how fast.</summary>
internal static class Bounded
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public static async Task<ManifestLoadResult> LoadAsync(string path, ManifestLoadOptions? options = null, TimeSpan? limit = null)
    {
        var load = Task.Factory.StartNew(() => ManifestLoader.LoadFileAsync(path, options ?? Fixtures.NoEnvironment),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        return await load.WaitAsync(limit ?? Limit);
    }

    public static async Task<ManifestLoadResult> ParseAsync(string yaml, TimeSpan? limit = null)
    {
        var parse = Task.Factory.StartNew(() => ManifestLoader.Parse(yaml, "app.yaml"),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return await parse.WaitAsync(limit ?? Limit);
    }
}
