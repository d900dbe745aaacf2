using Gravity.Oci.Content;
using Gravity.Oci.Model;
using Gravity.Packaging.Build;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.Build;

/// <summary>
/// A small application in a temporary folder: app.yaml with an install hook, a raw resource with a Deployment, and two
/// generated images (sharing a base layer) in an OCI layout, plus a stand-in gravity binary.
/// </summary>
internal sealed class BuildFixture : IDisposable
{
    public const string AppYaml = """
        apiVersion: bundle.gravitational.io/v2
        kind: Bundle
        metadata:
          name: example
          resourceVersion: 1.0.0
        hooks:
          install:
            job: file://install-hook.yaml
        """;

    public const string HookJob = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: install
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers:
                - name: hook
                  image: example/hooks:1.0.0
                  command: ["/bin/true"]
        """;

    public const string Resources = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: example/web:1.0.0 # keep this comment
        """;

    public TempDir Dir { get; } = new("gravity-build");
    public string AppDir => Dir.Combine("app");
    public string LayoutDir => Dir.Combine("images");
    public string StateDir => Dir.Combine("state");
    public string GravityBinary => Dir.Combine("gravity-bin");
    public string Output => Dir.Combine("out", "example-1.0.0.tar");
    public ContentStore SourceStore { get; }
    public TestImage Web { get; private set; } = null!;
    public TestImage Hooks { get; private set; } = null!;

    private BuildFixture()
    {
        Directory.CreateDirectory(AppDir);
        Directory.CreateDirectory(Path.GetDirectoryName(Output)!);
        File.WriteAllText(Path.Combine(AppDir, "app.yaml"), AppYaml);
        File.WriteAllText(Path.Combine(AppDir, "install-hook.yaml"), HookJob);
        File.WriteAllText(Path.Combine(AppDir, "resources.yaml"), Resources);
        File.SetLastWriteTimeUtc(Path.Combine(AppDir, "app.yaml"), new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc));
        File.WriteAllBytes(GravityBinary, System.Text.Encoding.ASCII.GetBytes("#!/bin/sh\necho stand-in gravity \"$@\"\n"));
        SourceStore = new ContentStore(Dir.Combine("source-store"));
    }

    public static async Task<BuildFixture> CreateAsync()
    {
        var f = new BuildFixture();
        var baseLayer = await TestImages.CreateLayerAsync(f.SourceStore, seed: 7, size: 48 * 1024);
        f.Web = await TestImages.CreateImageAsync(f.SourceStore, new TestImageSpec { Seed = 1, LayerSizes = [16 * 1024], BaseLayers = [baseLayer] });
        f.Hooks = await TestImages.CreateImageAsync(f.SourceStore, new TestImageSpec { Seed = 2, LayerSizes = [8 * 1024], BaseLayers = [baseLayer] });
        await TestImageExport.WriteOciLayoutAsync(f.SourceStore, f.LayoutDir,
            [("docker.io/example/web:1.0.0", f.Web.Manifest), ("docker.io/example/hooks:1.0.0", f.Hooks.Manifest)]);
        return f;
    }

    public BuildRequest Request(Func<BuildRequest, BuildRequest>? change = null)
    {
        var r = new BuildRequest
        {
            ManifestPath = AppDir, OutputPath = Output, StateDir = StateDir, OciLayouts = [LayoutDir],
            GravityBinary = GravityBinary, GetEnvironmentVariable = _ => null,
        };
        return change is null ? r : change(r);
    }

    public IEnumerable<Descriptor> AllBlobs => Web.Blobs.Concat(Hooks.Blobs).DistinctBy(b => b.Digest);

    public void Dispose() => Dir.Dispose();
}
