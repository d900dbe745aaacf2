using Gravity.Manifest;
using Gravity.Packaging.Discovery;

namespace Gravity.Packaging.Tests.Discovery;

/// <summary>Discovery over a complete application folder, with the manifest loaded by the real manifest loader.</summary>
public class WholeApplicationDiscoveryTests
{
    [Fact]
    public async Task Finds_the_images_of_raw_resources_hooks_and_charts_together()
    {
        using var dir = new BuildFolder()
            .Write("app.yaml", """
                apiVersion: bundle.gravitational.io/v2
                kind: Bundle
                metadata:
                  name: example
                  resourceVersion: 1.0.0
                hooks:
                  install:
                    job: file://hooks/install.yaml
                  postInstall:
                    job: |
                      apiVersion: batch/v1
                      kind: Job
                      metadata: {name: post}
                      spec:
                        template:
                          spec:
                            restartPolicy: OnFailure
                            containers:
                              - name: post
                                image: example/hooks:1.0.0
                """)
            .Write("hooks/install.yaml", """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: install}
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers:
                        - name: install
                          image: example/hooks:1.0.0
                """)
            .Write("resources.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      containers:
                        - name: web
                          image: example/web:1.0.0
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                """)
            .Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web-api\nversion: 1.0.0\nappVersion: \"1.0.0\"\n")
            .Write("charts/web/values.yaml", "image:\n  repository: example/api\n  tag: 1.0.0\n")
            .Write("charts/web/templates/deployment.yaml",
                "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n");
        var loaded = await ManifestLoader.LoadFileAsync(Path.Combine(dir.Path, "app.yaml"));
        loaded.Errors.Should().BeEmpty();

        var result = await ImageDiscovery.DiscoverAsync(dir.Path, loaded.Manifest!,
            new DiscoveryOptions { ManifestFile = Path.Combine(dir.Path, "app.yaml") }, CancellationToken.None);

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal("docker.io/example/api:1.0.0", "docker.io/example/hooks:1.0.0", "docker.io/example/web:1.0.0");
        result.Image("docker.io/example/hooks:1.0.0").Sources.Should().BeEquivalentTo(new[]
        {
            new ImageSource("app.yaml", 20, "hooks.postInstall.job Job/post spec.template.spec.containers[0].image"),
            new ImageSource("hooks/install.yaml", 10, "hooks.install.job Job/install spec.template.spec.containers[0].image"),
            new ImageSource("hooks/install.yaml", 10, "Job/install spec.template.spec.containers[0].image"),
        });
        result.Image("docker.io/example/api:1.0.0").Sources.Select(s => s.File).Should().Equal("charts/web/templates/deployment.yaml");
    }
}
