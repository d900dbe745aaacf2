using Gravity.Packaging.Discovery;

namespace Gravity.Packaging.Tests.Discovery;

public class HelmChartDiscoveryTests
{
    [Fact]
    public async Task Reads_both_image_annotations_of_chart_yaml()
    {
        using var dir = new BuildFolder().Write("charts/web/Chart.yaml", """
            apiVersion: v2
            name: web
            version: 1.0.0
            annotations:
              helm.sh/images: |
                - name: web
                  image: ghcr.io/acme/web:2.1.0
                - name: worker
                  image: ghcr.io/acme/worker:2.1.0
              artifacthub.io/images: |
                - name: proxy
                  image: envoyproxy/envoy:v1.29.0
                  whitelisted: true
            """);

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal("docker.io/envoyproxy/envoy:v1.29.0", "ghcr.io/acme/web:2.1.0", "ghcr.io/acme/worker:2.1.0");
        result.Image("ghcr.io/acme/worker:2.1.0").Sources.Should().Equal(
            new ImageSource("charts/web/Chart.yaml", 9, "Helm chart web: annotation helm.sh/images[1]"));
        result.Image("docker.io/envoyproxy/envoy:v1.29.0").Sources.Should().Equal(
            new ImageSource("charts/web/Chart.yaml", 12, "Helm chart web: annotation artifacthub.io/images[0]"));
    }

    [Fact]
    public async Task Reads_values_in_the_common_image_conventions()
    {
        using var dir = new BuildFolder()
            .Write("charts/app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\nappVersion: \"3.4.5\"\n")
            .Write("charts/app/values.yaml", """
                image:
                  registry: docker.io
                  repository: bitnami/postgresql
                  tag: 16.1.0
                web:
                  image:
                    repository: acme/web
                    tag: ""
                metrics:
                  image:
                    repository: prom/statsd-exporter
                    digest: sha256:0000000000000000000000000000000000000000000000000000000000000002
                    tag: ignored-when-digest
                sidecarImage: "busybox:1.36"
                jobs:
                  - name: migrate
                    image: acme/migrate:7
                proxy:
                  image: {name: envoyproxy/envoy, tag: v1.29.0}
                gitRepository:
                  repository: https://github.com/acme/app
                imagePullPolicy: IfNotPresent
                """);

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal(
            "docker.io/acme/migrate:7", "docker.io/acme/web:3.4.5", "docker.io/bitnami/postgresql:16.1.0",
            "docker.io/envoyproxy/envoy:v1.29.0", "docker.io/library/busybox:1.36",
            "docker.io/prom/statsd-exporter@sha256:0000000000000000000000000000000000000000000000000000000000000002");
        result.Image("docker.io/acme/web:3.4.5").Sources.Should().Equal(
            new ImageSource("charts/app/values.yaml", 7, "Helm chart app: values web.image"));
        result.Image("docker.io/acme/migrate:7").Sources.Single().Origin.Should().Be("Helm chart app: values jobs[0].image");
    }

    [Fact]
    public async Task Global_image_registry_overrides_the_registry_of_image_maps()
    {
        using var dir = new BuildFolder()
            .Write("chart/Chart.yaml", "name: db\nversion: 1.0.0\n")
            .Write("chart/values.yaml", """
                global:
                  imageRegistry: mirror.local:5000
                image:
                  registry: docker.io
                  repository: bitnami/redis
                  tag: "7.2"
                """);

        var result = await dir.DiscoverAsync();

        result.References().Should().Equal("mirror.local:5000/bitnami/redis:7.2");
    }

    /// <summary>As in Helm: --set edits the values files' tree, and lists replace the chart's lists wholesale.</summary>
    [Fact]
    public async Task Values_files_and_set_overrides_apply_in_order()
    {
        using var dir = new BuildFolder()
            .Write("chart/Chart.yaml", "name: app\nversion: 1.0.0\nappVersion: 1.0.0\n")
            .Write("chart/values.yaml", """
                image:
                  repository: acme/app
                  tag: "1.0"
                extras:
                  - image: acme/chart-extra:1
                removed:
                  image: acme/removed:1
                """)
            .Write("prod.yaml", "image:\n  tag: \"2.0\"\n  registry: registry.prod:443\nextras:\n  - image: acme/extra:1\n  - image: acme/extra2:1\n");

        var result = await dir.DiscoverAsync(new DiscoveryOptions
        {
            ValuesFiles = [Path.Combine(dir.Path, "prod.yaml")],
            Set = new Dictionary<string, string>
            {
                ["image.tag"] = "2.1",
                ["extras[1].image"] = "acme/extra2:9",
                ["removed"] = "null",
                ["added.image.repository"] = "acme/added",
            },
        });

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal(
            "docker.io/acme/added:1.0.0", "docker.io/acme/extra2:9", "docker.io/acme/extra:1", "registry.prod:443/acme/app:2.1");
        result.Image("registry.prod:443/acme/app:2.1").Sources.Should().Equal(
            new ImageSource("chart/values.yaml", 2, "Helm chart app: values image"));
        result.Image("docker.io/acme/added:1.0.0").Sources.Single().File.Should().Be("--set");
    }

    [Fact]
    public async Task A_missing_values_file_and_a_bad_set_path_are_errors()
    {
        using var dir = new BuildFolder().Write("chart/Chart.yaml", "name: app\n");

        var result = await dir.DiscoverAsync(new DiscoveryOptions
        {
            ValuesFiles = [Path.Combine(dir.Path, "missing.yaml")],
            Set = new Dictionary<string, string> { ["a..b"] = "x" },
        });

        result.Errors.Select(e => e.File).Should().BeEquivalentTo("missing.yaml", "--set");
    }

    [Fact]
    public async Task Template_lines_give_literal_and_resolvable_references_and_skip_the_rest()
    {
        using var dir = new BuildFolder()
            .Write("charts/example/Chart.yaml", "name: example\nversion: 0.1.0\nappVersion: 9.4.4\n")
            .Write("charts/example/values.yaml", "registry: \"\"\nimage:\n  repository: acme/api\n  tag: \"\"\nopaque: {a: b}\n")
            .Write("charts/example/templates/example.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                spec:
                  template:
                    spec:
                      containers:
                        - name: db
                          image: {{.Values.registry}}postgres:9.4.4
                        - name: literal
                          image: "redis:7.2"   # pinned
                        - name: api
                          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
                        - name: helper
                          image: {{ include "example.image" . }}
                        - name: ranged
                          image: {{ .image }}
                        - name: opaque
                          image: {{ .Values.opaque }}
                        {{- if .Values.debug }}
                        - name: debug
                          image: busybox
                        {{- end }}
                """)
            .Write("charts/example/templates/_helpers.tpl", "{{- define \"example.image\" -}}\n{{ .Values.image.repository }}\n{{- end }}\n");

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal(
            "docker.io/acme/api:9.4.4", "docker.io/library/busybox:latest", "docker.io/library/postgres:9.4.4", "docker.io/library/redis:7.2");
        result.Image("docker.io/library/postgres:9.4.4").Sources.Should().Equal(
            new ImageSource("charts/example/templates/example.yaml", 8, "Helm chart example: template image"));
        result.Image("docker.io/acme/api:9.4.4").Sources.Select(s => s.File).Should().Equal(
            "charts/example/values.yaml", "charts/example/templates/example.yaml");
    }

    [Fact]
    public async Task Set_overrides_reach_templates()
    {
        using var dir = new BuildFolder()
            .Write("chart/Chart.yaml", "name: example\n")
            .Write("chart/values.yaml", "registry: \"\"\n")
            .Write("chart/templates/pod.yaml", "spec:\n  containers:\n    - image: {{ .Values.registry }}postgres:9.4.4\n");

        var result = await dir.DiscoverAsync(new DiscoveryOptions
        {
            Set = new Dictionary<string, string> { ["registry"] = "leader.telekube.local:5000/" },
        });

        result.References().Should().Equal("leader.telekube.local:5000/postgres:9.4.4");
    }

    [Fact]
    public async Task Subcharts_get_their_parents_values_and_globals_and_their_own_app_version()
    {
        using var dir = new BuildFolder()
            .Write("charts/web/Chart.yaml", "name: web\nversion: 1.0.0\nappVersion: \"1.0\"\ndependencies:\n  - name: cache\n    alias: redis\n")
            .Write("charts/web/values.yaml", "global:\n  imageRegistry: mirror.local\nredis:\n  image:\n    tag: \"7.4\"\n")
            .Write("charts/web/charts/cache/Chart.yaml", "name: cache\nversion: 2.0.0\nappVersion: \"7.0\"\n")
            .Write("charts/web/charts/cache/values.yaml", "image:\n  repository: library/redis\n  tag: \"\"\nexporter:\n  image:\n    repository: oliver006/redis_exporter\n");

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal("mirror.local/library/redis:7.4", "mirror.local/oliver006/redis_exporter:7.0");
    }

    [Fact]
    public async Task An_invalid_reference_in_values_is_an_error_with_its_line()
    {
        using var dir = new BuildFolder()
            .Write("chart/Chart.yaml", "name: app\n")
            .Write("chart/values.yaml", "ok:\n  image: nginx\nbad:\n  image:\n    repository: Not/Valid\n    tag: x\n");

        var result = await dir.DiscoverAsync();

        result.Errors.Should().ContainSingle().Which.Should().Match<DiscoveryError>(e => e.File == "chart/values.yaml" && e.Line == 5);
    }
}
