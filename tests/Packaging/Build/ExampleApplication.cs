using System.Runtime.CompilerServices;
using Gravity.Core.Processes;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.Build;

/// <summary>The bundled example (examples/app.yaml), its images built locally by scripts/build-example-images.sh, and a stand-in gravity binary.</summary>
internal sealed record ExampleApplication(string ManifestPath, string ImageLayout, string GravityBinary)
{
    public static async Task<ExampleApplication> PrepareAsync(TempDir dir)
    {
        var repo = RepositoryRoot();
        var layout = dir.Combine("images");
        var script = await ProcessRunner.RunAsync(Path.Combine(repo, "scripts", "build-example-images.sh"), [layout], timeout: TimeSpan.FromMinutes(2));
        script.ExitCode.Should().Be(0, script.Combined);
        var gravity = dir.Combine("gravity");
        await File.WriteAllTextAsync(gravity, "#!/bin/sh\n");
        return new ExampleApplication(Path.Combine(repo, "examples", "app.yaml"), layout, gravity);
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
