using Gravity.Packaging.Discovery;

namespace Gravity.Packaging.Tests.Discovery;

public class ResourceFilesTests
{
    [Fact]
    public void Lists_yaml_and_json_files_sorted_and_relative_without_the_manifest_charts_or_hidden_folders()
    {
        using var dir = new BuildFolder()
            .Write("app.yaml", "kind: Bundle")
            .Write("z.yaml", "").Write("a.yml", "").Write("b.json", "{}").Write("notes.txt", "")
            .Write("sub/deep/c.yaml", "")
            .Write("charts/web/Chart.yaml", "name: web").Write("charts/web/values.yaml", "")
            .Write(".git/config.yaml", "");

        ResourceFiles.Enumerate(dir.Path, null, null).Should().Equal("a.yml", "b.json", "sub/deep/c.yaml", "z.yaml");
    }

    [Fact]
    public void Honours_globs_and_ignore_patterns_by_path_and_by_name()
    {
        using var dir = new BuildFolder()
            .Write("k8s/a.yaml", "").Write("k8s/skip/b.yaml", "").Write("k8s/c.bak.yaml", "").Write("other/d.yaml", "");

        ResourceFiles.Enumerate(dir.Path, ["k8s/**/*.yaml"], ["skip", "*.bak.yaml"]).Should().Equal("k8s/a.yaml");
        ResourceFiles.Enumerate(dir.Path, null, ["k8s/**"]).Should().Equal("other/d.yaml");
    }

    [Fact]
    public void Does_not_follow_links_out_of_the_build_folder()
    {
        using var outside = new BuildFolder().Write("secret.yaml", "kind: Pod").Write("dir/x.yaml", "");
        using var dir = new BuildFolder().Write("real.yaml", "");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "inside-link.yaml"), Path.Combine(dir.Path, "real.yaml"));
        File.CreateSymbolicLink(Path.Combine(dir.Path, "outside-link.yaml"), Path.Combine(outside.Path, "secret.yaml"));
        Directory.CreateSymbolicLink(Path.Combine(dir.Path, "linked-dir"), Path.Combine(outside.Path, "dir"));

        ResourceFiles.Enumerate(dir.Path, null, null).Should().Equal("inside-link.yaml", "real.yaml");
    }

    [Fact]
    public void Finds_chart_folders_including_nested_ones()
    {
        using var dir = new BuildFolder()
            .Write("charts/web/Chart.yaml", "name: web").Write("charts/web/charts/db/Chart.yaml", "name: db")
            .Write("other/Chart.yaml", "name: other");

        ResourceFiles.FindCharts(dir.Path).Should().Equal("charts/web", "charts/web/charts/db", "other");
    }
}
