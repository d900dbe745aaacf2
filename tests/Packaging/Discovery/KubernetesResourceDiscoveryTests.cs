using Gravity.Packaging.Discovery;

namespace Gravity.Packaging.Tests.Discovery;

public class KubernetesResourceDiscoveryTests
{
    [Fact]
    public async Task Reports_each_container_image_of_a_deployment_with_file_line_and_origin()
    {
        using var dir = new BuildFolder().Write("web.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  initContainers:
                    - name: init
                      image: busybox:1.36
                  containers:
                    - name: web
                      image: nginx:1.25
                    - name: sidecar
                      image: "quay.io/prometheus/node-exporter:v1.7.0"
            """);

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal(
            "docker.io/library/busybox:1.36", "docker.io/library/nginx:1.25", "quay.io/prometheus/node-exporter:v1.7.0");
        result.Image("docker.io/library/nginx:1.25").Sources.Should().Equal(
            new ImageSource("web.yaml", 13, "Deployment/web spec.template.spec.containers[0].image"));
        result.Image("docker.io/library/busybox:1.36").Sources.Should().Equal(
            new ImageSource("web.yaml", 10, "Deployment/web spec.template.spec.initContainers[0].image"));
    }

    [Fact]
    public async Task Finds_every_workload_kind_in_a_multi_document_file_in_any_api_version()
    {
        string Workload(string kind, string image) => $$"""
            apiVersion: example.com/v9
            kind: {{kind}}
            metadata: {name: w}
            spec:
              template:
                spec:
                  containers: [{name: c, image: "{{image}}"}]
            """;
        var text = string.Join("\n---\n", new[] { "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "Rollout" }
            .Select(k => Workload(k, $"registry.local:5000/{k.ToLowerInvariant()}:1")));
        using var dir = new BuildFolder().Write("all.yaml", text + """

            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: debug}
            spec:
              containers: [{name: c, image: alpine}]
              ephemeralContainers: [{name: e, image: "busybox@sha256:0000000000000000000000000000000000000000000000000000000000000001"}]
            """);

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.References().Should().BeEquivalentTo(
            "registry.local:5000/deployment:1", "registry.local:5000/statefulset:1", "registry.local:5000/daemonset:1",
            "registry.local:5000/replicaset:1", "registry.local:5000/replicationcontroller:1", "registry.local:5000/job:1",
            "registry.local:5000/rollout:1", "docker.io/library/alpine:latest",
            "docker.io/library/busybox@sha256:0000000000000000000000000000000000000000000000000000000000000001");
        result.Image("docker.io/library/busybox@sha256:0000000000000000000000000000000000000000000000000000000000000001")
            .Sources.Single().Origin.Should().Be("Pod/debug spec.ephemeralContainers[0].image");
    }

    [Fact]
    public async Task Finds_images_of_cron_jobs_and_of_list_items()
    {
        using var dir = new BuildFolder().Write("list.yaml", """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly}
                spec:
                  schedule: "0 0 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          containers:
                            - name: backup
                              image: backup:2.0
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: c}
                data: {image: "not-an-image-field"}
            """);

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.Images.Should().ContainSingle().Which.Sources.Should().Equal(new ImageSource("list.yaml", 15,
            "List items[0] CronJob/nightly spec.jobTemplate.spec.template.spec.containers[0].image"));
    }

    [Fact]
    public async Task Reads_image_sets_and_json_manifests()
    {
        using var dir = new BuildFolder()
            .Write("images.yaml", """
                apiVersion: cluster.gravitational.io/v1beta1
                kind: ImageSet
                metadata: {name: operator-images}
                spec:
                  images:
                    - image: quay.io/coreos/etcd:v3.5.0
                    - image: gcr.io/distroless/static:nonroot
                """)
            .Write("pod.json", """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"},
                 "spec": {"containers": [{"name": "c", "image": "redis:7"}]}}
                """);

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal(
            "docker.io/library/redis:7", "gcr.io/distroless/static:nonroot", "quay.io/coreos/etcd:v3.5.0");
        result.Image("quay.io/coreos/etcd:v3.5.0").Sources.Should().Equal(
            new ImageSource("images.yaml", 6, "ImageSet/operator-images spec.images[0].image"));
        result.Image("docker.io/library/redis:7").Sources.Single().Line.Should().Be(2);
    }

    [Fact]
    public async Task Deduplicates_by_normalised_reference_and_keeps_every_source()
    {
        using var dir = new BuildFolder()
            .Write("a.yaml", "kind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: nginx}]}\n")
            .Write("b.yaml", "kind: Pod\nmetadata: {name: b}\nspec: {containers: [{name: c, image: docker.io/library/nginx:latest}]}\n")
            .Write("c.yaml", "kind: Pod\nmetadata: {name: c}\nspec: {containers: [{name: c, image: index.docker.io/nginx}]}\n");

        var result = await dir.DiscoverAsync();

        result.Images.Should().ContainSingle().Which.Sources.Select(s => s.File).Should().Equal("a.yaml", "b.yaml", "c.yaml");
    }

    [Fact]
    public async Task Skips_files_that_are_not_kubernetes_objects()
    {
        using var dir = new BuildFolder()
            .Write("config.yaml", "image: nginx\nsettings: {a: 1}\n")
            .Write("package.json", "{\"name\": \"x\"}")
            .Write("list.yaml", "- a\n- b\n");

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.Images.Should().BeEmpty();
    }

    [Fact]
    public async Task An_invalid_reference_is_an_error_naming_file_and_line()
    {
        using var dir = new BuildFolder().Write("bad.yaml", """
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
                - name: ok
                  image: nginx
                - name: bad
                  image: Nginx:Latest!
            """);

        var result = await dir.DiscoverAsync();

        result.Errors.Should().ContainSingle();
        var error = result.Errors[0];
        (error.File, error.Line, error.Column).Should().Be(("bad.yaml", 8, 14));
        error.Message.Should().Contain("Pod/p spec.containers[1].image").And.Contain("Nginx:Latest!");
        error.ToString().Should().StartWith("bad.yaml:8:14: ");
        result.References().Should().Equal("docker.io/library/nginx:latest");
    }

    [Fact]
    public async Task A_yaml_syntax_error_is_reported_with_its_position()
    {
        using var dir = new BuildFolder()
            .Write("good.yaml", "kind: Pod\nspec: {containers: [{image: redis}]}\n")
            .Write("broken.yaml", "kind: Pod\nspec:\n  containers: [\n    {image: nginx\n");

        var result = await dir.DiscoverAsync();

        result.Errors.Should().ContainSingle().Which.File.Should().Be("broken.yaml");
        result.Errors[0].Line.Should().BeGreaterThan(1);
        result.Errors[0].Message.Should().StartWith("invalid YAML");
        result.References().Should().Equal("docker.io/library/redis:latest");
    }

    [Fact]
    public async Task Ignored_files_and_the_manifest_are_not_scanned()
    {
        using var dir = new BuildFolder()
            .Write("app.yaml", "kind: Pod\nspec: {containers: [{image: from-manifest-file}]}\n")
            .Write("skip/x.yaml", "kind: Pod\nspec: {containers: [{image: ignored}]}\n")
            .Write("y.yaml", "kind: Pod\nspec: {containers: [{image: kept}]}\n");

        var result = await dir.DiscoverAsync(new DiscoveryOptions { Ignore = ["skip"] });

        result.References().Should().Equal("docker.io/library/kept:latest");
    }
}
