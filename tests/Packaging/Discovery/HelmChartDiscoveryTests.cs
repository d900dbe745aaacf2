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

    /// <summary>Values are only what templates make of them: a key named image is not an image, nor is an asset path.</summary>
    [Fact]
    public async Task Values_alone_name_no_image_and_asset_paths_under_image_keys_are_not_images()
    {
        using var dir = new BuildFolder()
            .Write("charts/app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\nappVersion: \"3.4.5\"\n")
            .Write("charts/app/values.yaml", """
                image:
                  repository: acme/web
                  tag: ""
                unused:
                  image: {repository: acme/never-rendered, tag: "1"}
                favicon:
                  image: /static/favicon.png
                brandingImage: /static/x.png
                """)
            .Write("charts/app/templates/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      containers:
                        - name: web
                          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
                          env:
                            - {name: FAVICON, value: {{ .Values.favicon.image | quote }}}
                            - {name: BRANDING, value: {{ .Values.brandingImage }}}
                """);

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal("docker.io/acme/web:3.4.5");
        result.Image("docker.io/acme/web:3.4.5").Sources.Should().Equal(
            new ImageSource("charts/app/templates/deployment.yaml", 9, "Helm chart app: Deployment/web spec.template.spec.containers[0].image"));
    }

    /// <summary>As in Helm: --set edits the values files' tree, null deletes, and lists replace the chart's lists wholesale.</summary>
    [Fact]
    public async Task Values_files_and_set_overrides_apply_in_order()
    {
        using var dir = new BuildFolder()
            .Write("chart/Chart.yaml", "name: app\nversion: 1.0.0\nappVersion: 1.0.0\n")
            .Write("chart/values.yaml", """
                image:
                  registry: docker.io
                  repository: acme/app
                  tag: "1.0"
                extras:
                  - image: acme/chart-extra:1
                removed:
                  image: acme/removed:1
                """)
            .Write("chart/templates/pod.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: app}
                spec:
                  containers:
                    - name: app
                      image: {{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}
                    {{- range $i, $e := .Values.extras }}
                    - name: extra{{ $i }}
                      image: {{ $e.image }}
                    {{- end }}
                    {{- with .Values.removed }}
                    - name: removed
                      image: {{ .image }}
                    {{- end }}
                    {{- if .Values.added }}
                    - name: added
                      image: {{ .Values.added.image.repository }}:{{ .Chart.AppVersion }}
                    {{- end }}
                """);
        using var elsewhere = new Gravity.Testing.TempDir("values");
        File.WriteAllText(elsewhere.Combine("prod.yaml"), "image:\n  tag: \"2.0\"\n  registry: registry.prod:443\nextras:\n  - image: acme/extra:1\n  - image: acme/extra2:1\n");

        var result = await dir.DiscoverAsync(new DiscoveryOptions
        {
            ValuesFiles = [elsewhere.Combine("prod.yaml")],
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
    public async Task Only_branches_that_render_are_read()
    {
        using var dir = new BuildFolder()
            .Write("charts/example/Chart.yaml", "name: example\nversion: 0.1.0\nappVersion: 9.4.4\n")
            .Write("charts/example/values.yaml", "debug: false\nmode: cluster\nsidecar: {enabled: false, image: acme/sidecar:1}\nlist: []\n")
            .Write("charts/example/templates/example.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        {{- if .Values.debug }}
                        - {name: debug, image: busybox}
                        {{- else if eq .Values.mode "cluster" }}
                        - {name: cluster, image: "acme/cluster:{{ .Chart.AppVersion }}"}
                        {{- else }}
                        - {name: single, image: acme/single:1}
                        {{- end }}
                        {{- if and .Values.sidecar.enabled (not .Values.debug) }}
                        - {name: sidecar, image: {{ .Values.sidecar.image }}}
                        {{- end }}
                        {{- range .Values.list }}
                        - {name: ranged, image: {{ . }}}
                        {{- else }}
                        - {name: empty, image: acme/empty-list:1}
                        {{- end }}
                """);

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal("docker.io/acme/cluster:9.4.4", "docker.io/acme/empty-list:1");
    }

    [Fact]
    public async Task What_cannot_be_resolved_is_a_warning_with_the_templates_line_and_never_a_guess_or_an_abort()
    {
        using var dir = new BuildFolder()
            .Write("charts/example/Chart.yaml", "name: example\nversion: 0.1.0\n")
            .Write("charts/example/values.yaml", "image: acme/web:1\n")
            .Write("charts/example/templates/pod.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: x}
                spec:
                  containers:
                    - name: web
                      image: {{ .Values.image }}
                    - name: made-up
                      image: {{ someUnknownFunction .Values.image }}
                    {{- if someOtherUnknownFunction }}
                    - name: maybe
                      image: acme/maybe:1
                    {{- else }}
                    - name: maybe-not
                      image: acme/maybe-not:1
                    {{- end }}
                """)
            .Write("charts/example/templates/broken.yaml", "kind: Pod\n{{ if .Values.x }\n");

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal("docker.io/acme/web:1");
        result.Warnings.Select(w => $"{w.File}:{w.Line}").Should().Contain(
            ["charts/example/templates/pod.yaml:9", "charts/example/templates/pod.yaml:10", "charts/example/templates/broken.yaml:2"]);
        result.Warnings.Single(w => w.Line == 9).Message.Should().Contain("someUnknownFunction").And.Contain("cannot be resolved");
        result.Warnings.Single(w => w.Line == 10).Message.Should().Contain("neither branch is read");
    }

    [Fact]
    public async Task A_missing_dependency_and_a_chart_without_images_are_warnings()
    {
        using var dir = new BuildFolder()
            .Write("charts/shop/Chart.yaml", "apiVersion: v2\nname: shop\nversion: 1.0.0\ndependencies:\n  - name: redis\n    repository: https://charts.example.com\n")
            .Write("charts/shop/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.Warnings.Select(w => w.Message).Should().Contain(m => m.Contains("dependency redis is missing from charts/"))
            .And.Contain("Helm chart shop: the built-in reader found no image in it");
    }

    [Fact]
    public async Task Subcharts_get_their_parents_values_and_globals_their_own_app_version_and_their_condition()
    {
        using var dir = new BuildFolder()
            .Write("charts/web/Chart.yaml", "name: web\nversion: 1.0.0\nappVersion: \"1.0\"\ndependencies:\n  - name: cache\n    alias: redis\n  - name: off\n    condition: off.enabled,ignored.path\n")
            .Write("charts/web/values.yaml", "global:\n  imageRegistry: mirror.local\nredis:\n  image:\n    tag: \"7.4\"\noff:\n  enabled: false\n")
            .Write("charts/web/templates/web.yaml", "kind: Pod\nspec:\n  containers:\n    - image: \"{{ .Values.global.imageRegistry }}/web:{{ .Values.redis.image.tag }}-{{ .Values.redis.image.repository | base }}\"\n")
            .Write("charts/web/charts/cache/Chart.yaml", "name: cache\nversion: 2.0.0\nappVersion: \"7.0\"\n")
            .Write("charts/web/charts/cache/values.yaml", "image:\n  repository: library/redis\n  tag: \"\"\n")
            .Write("charts/web/charts/cache/templates/sts.yaml", """
                kind: StatefulSet
                spec:
                  template:
                    spec:
                      containers:
                        - image: {{ .Values.global.imageRegistry }}/{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
                        - image: {{ .Values.global.imageRegistry }}/exporter:{{ .Chart.AppVersion }}
                """)
            .Write("charts/web/charts/off/Chart.yaml", "name: off\nversion: 1.0.0\n")
            .Write("charts/web/charts/off/templates/pod.yaml", "kind: Pod\nspec:\n  containers:\n    - image: acme/disabled:1\n");

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal("mirror.local/exporter:7.0", "mirror.local/library/redis:7.4", "mirror.local/web:7.4-redis");
    }

    [Fact]
    public async Task An_invalid_rendered_reference_is_a_warning_with_its_line()
    {
        using var dir = new BuildFolder()
            .Write("chart/Chart.yaml", "name: app\n")
            .Write("chart/values.yaml", "bad:\n  repository: Not/Valid\n")
            .Write("chart/templates/pod.yaml", "kind: Pod\nspec:\n  containers:\n    - image: nginx\n    - image: {{ .Values.bad.repository }}:x\n");

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal("docker.io/library/nginx:latest");
        result.Warnings.Should().Contain(w => w.File == "chart/templates/pod.yaml" && w.Line == 5 && w.Message.Contains("Not/Valid:x"));
    }
}
