using Gravity.Packaging.Discovery;

namespace Gravity.Packaging.Tests.Discovery;

public class ManifestImageDiscoveryTests
{
    private const string InstallJob = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: db-seed
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers:
                - name: dbseed
                  image: installer-hooks:latest
        """;

    [Fact]
    public async Task Hook_job_images_are_reported_at_their_line_in_the_manifest()
    {
        var manifestText = "apiVersion: bundle.gravitational.io/v2\nkind: Bundle\nmetadata: {name: t, resourceVersion: 0.0.1}\n" +
                           "hooks:\n  install:\n    job: |\n" + string.Join("\n", InstallJob.Split('\n').Select(l => "      " + l)) + "\n";
        using var dir = new BuildFolder().Write("app.yaml", manifestText);

        var result = await dir.DiscoverAsync(manifest: BuildFolder.Manifest(hooks: new Dictionary<string, string> { ["install"] = InstallJob }));

        result.Errors.Should().BeEmpty();
        result.Images.Should().ContainSingle().Which.Sources.Should().Equal(new ImageSource("app.yaml", 17,
            "hooks.install.job Job/db-seed spec.template.spec.containers[0].image"));
        manifestText.Split('\n')[16].Should().Contain("image: installer-hooks:latest");
    }

    [Fact]
    public async Task Hook_jobs_loaded_from_files_name_that_file()
    {
        using var dir = new BuildFolder()
            .Write("app.yaml", "kind: Bundle\nhooks:\n  postInstall:\n    job: file://hooks/post.yaml\n")
            .Write("hooks/post.yaml", InstallJob);

        var result = await dir.DiscoverAsync(manifest: BuildFolder.Manifest(hooks: new Dictionary<string, string> { ["postInstall"] = InstallJob }));

        result.Images.Should().ContainSingle().Which.Sources.Should().BeEquivalentTo(new[]
        {
            new ImageSource("hooks/post.yaml", 11, "hooks.postInstall.job Job/db-seed spec.template.spec.containers[0].image"),
            new ImageSource("hooks/post.yaml", 11, "Job/db-seed spec.template.spec.containers[0].image"),
        });
    }

    [Fact]
    public async Task An_invalid_hook_image_is_an_error_in_the_manifest()
    {
        var job = InstallJob.Replace("installer-hooks:latest", "nginx:bad!tag");
        using var dir = new BuildFolder().Write("app.yaml", "kind: Bundle\nhooks:\n  install:\n    job: |\n" +
                                                            string.Join("\n", job.Split('\n').Select(l => "      " + l)));

        var result = await dir.DiscoverAsync(manifest: BuildFolder.Manifest(hooks: new Dictionary<string, string> { ["install"] = job }));

        result.Errors.Should().ContainSingle().Which.Should().Match<DiscoveryError>(e => e.File == "app.yaml" && e.Line == 15 && e.Column == 24);
    }

    [Fact]
    public async Task Base_images_of_the_manifest_and_of_node_profiles_are_images()
    {
        using var dir = new BuildFolder().Write("app.yaml", """
            kind: Bundle
            baseImage: gravity:7.0.0
            nodeProfiles:
              - name: a
              - name: b
                systemOptions:
                  baseImage: custom-planet:1.0.0
            """);
        var manifest = BuildFolder.Manifest(baseImage: "gravity:7.0.0", profileBaseImages: [null, "custom-planet:1.0.0"]);

        var result = await dir.DiscoverAsync(manifest: manifest);

        result.Image("docker.io/library/gravity:7.0.0").Sources.Should().Equal(new ImageSource("app.yaml", 2, "baseImage"));
        result.Image("docker.io/library/custom-planet:1.0.0").Sources.Should().Equal(
            new ImageSource("app.yaml", 7, "nodeProfiles[1].systemOptions.baseImage"));

        var without = await dir.DiscoverAsync(new DiscoveryOptions { IncludeBaseImages = false }, manifest);
        without.Images.Should().BeEmpty();
    }
}
