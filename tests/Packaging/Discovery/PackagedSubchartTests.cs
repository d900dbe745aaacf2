using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Gravity.Packaging.Discovery;

namespace Gravity.Packaging.Tests.Discovery;

public class PackagedSubchartTests
{
    /// <summary>A gzipped tar like <c>helm package</c> writes: every entry under one top folder.</summary>
    private static byte[] ChartArchive(params (string Name, string Text)[] files)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, text) in files)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
        }
        return output.ToArray();
    }

    [Fact]
    public async Task Reads_packaged_subcharts_with_values_passed_by_the_parent_under_their_alias()
    {
        using var dir = new BuildFolder()
            .Write("charts/web/Chart.yaml", "apiVersion: v1\nname: web\nversion: 1.0.0\n")
            .Write("charts/web/requirements.yaml", "dependencies:\n  - name: redis\n    alias: cache\n")
            .Write("charts/web/values.yaml", "cache:\n  image:\n    tag: \"7.4\"\n");
        dir.WriteBytes("charts/web/charts/redis-1.0.0.tgz", ChartArchive(
            ("redis/Chart.yaml", "name: redis\nversion: 1.0.0\nappVersion: \"7.0\"\n"),
            ("redis/values.yaml", "image:\n  repository: library/redis\n  tag: \"\"\nmetrics:\n  image:\n    repository: oliver006/redis_exporter\n"),
            ("redis/templates/sts.yaml", "kind: Pod\nspec:\n  containers:\n    - image: \"{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}\"\n" +
                                         "    - image: {{ .Values.metrics.image.repository }}:{{ .Chart.AppVersion }}\n"),
            ("../escape/Chart.yaml", "name: evil\n")));

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.References().Should().Equal("docker.io/library/redis:7.4", "docker.io/oliver006/redis_exporter:7.0");
        result.Image("docker.io/library/redis:7.4").Sources.Should().Equal(
            new ImageSource("charts/web/charts/redis-1.0.0.tgz/redis/templates/sts.yaml", 4, "Helm chart redis: Pod spec.containers[0].image"));
    }

    [Fact]
    public async Task Reads_archives_nested_inside_archives()
    {
        var inner = ChartArchive(("common/Chart.yaml", "name: common\n"), ("common/values.yaml", "image: busybox:1.36\n"),
            ("common/templates/pod.yaml", "kind: Pod\nspec:\n  containers:\n    - image: {{ .Values.image }}\n"));
        using var dir = new BuildFolder().Write("chart/Chart.yaml", "name: top\n");
        using (var outer = new MemoryStream())
        {
            using (var gzip = new GZipStream(outer, CompressionLevel.Fastest, leaveOpen: true))
            using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "mid/Chart.yaml") { DataStream = new MemoryStream("name: mid\n"u8.ToArray()) });
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "mid/charts/common-1.tgz") { DataStream = new MemoryStream(inner) });
            }
            dir.WriteBytes("chart/charts/mid-1.tgz", outer.ToArray());
        }

        var result = await dir.DiscoverAsync();

        result.Errors.Should().BeEmpty();
        result.Images.Should().ContainSingle().Which.Sources.Single().File.Should().Be(
            "chart/charts/mid-1.tgz/mid/charts/common-1.tgz/common/templates/pod.yaml");
    }

    [Fact]
    public async Task A_damaged_archive_is_an_error_naming_it()
    {
        using var dir = new BuildFolder().Write("chart/Chart.yaml", "name: top\n").Write("chart/charts/broken.tgz", "not gzip");

        var result = await dir.DiscoverAsync();

        result.Errors.Should().ContainSingle().Which.File.Should().Be("chart/charts/broken.tgz");
    }
}
