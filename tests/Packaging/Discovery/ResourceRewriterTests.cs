using Gravity.Core;
using Gravity.Oci;
using Gravity.Packaging.Discovery;

namespace Gravity.Packaging.Tests.Discovery;

public class ResourceRewriterTests
{
    private const string ClusterRegistry = "leader.telekube.local:5000";

    private static ImageReference? ToCluster(ImageReference r) => r.WithRegistry(ClusterRegistry);

    [Fact]
    public void Rewrites_only_image_scalars_keeping_quoting_comments_and_everything_else()
    {
        const string original = """
            # web tier
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, annotations: {note: "image: nginx:1.25 stays"}}
            spec:
              template:
                spec:
                  initContainers:
                    - {name: init, image: 'busybox:1.36'}   # single quoted, flow
                  containers:
                    - name: web
                      image: nginx:1.25       # plain
                    - name: api
                      image: "quay.io/acme/api@sha256:0000000000000000000000000000000000000000000000000000000000000003"
            ---
            apiVersion: v1
            kind: ConfigMap
            data:
              image: nginx:1.25
            """;

        var result = ResourceRewriter.Rewrite(original, ToCluster);

        var expected = original
            .Replace("image: 'busybox:1.36'", $"image: '{ClusterRegistry}/library/busybox:1.36'")
            .Replace("image: nginx:1.25       # plain", $"image: {ClusterRegistry}/library/nginx:1.25       # plain")
            .Replace("\"quay.io/acme/api@", $"\"{ClusterRegistry}/acme/api@");
        result.Text.Should().Be(expected);
        result.Changes.Select(c => (c.From.ToString(), c.To.ToString())).Should().Equal(
            ("docker.io/library/busybox:1.36", $"{ClusterRegistry}/library/busybox:1.36"),
            ("docker.io/library/nginx:1.25", $"{ClusterRegistry}/library/nginx:1.25"),
            ("quay.io/acme/api@sha256:0000000000000000000000000000000000000000000000000000000000000003",
             $"{ClusterRegistry}/acme/api@sha256:0000000000000000000000000000000000000000000000000000000000000003"));
    }

    [Fact]
    public void Keeps_crlf_line_endings_and_rewrites_image_sets_cron_jobs_and_lists()
    {
        var original = string.Join("\r\n",
            "apiVersion: v1", "kind: List", "items:",
            "- apiVersion: batch/v1", "  kind: CronJob", "  spec:", "    jobTemplate:", "      spec:", "        template:",
            "          spec:", "            containers:", "            - image: redis", "---",
            "apiVersion: cluster.gravitational.io/v1beta1", "kind: ImageSet", "spec:", "  images:", "  - image: \"gcr.io/x/y:1\"", "");

        var result = ResourceRewriter.Rewrite(original, ToCluster);

        result.Text.Should().Be(original
            .Replace("- image: redis\r\n", $"- image: {ClusterRegistry}/library/redis:latest\r\n")
            .Replace("\"gcr.io/x/y:1\"", $"\"{ClusterRegistry}/x/y:1\""));
        result.Changes.Should().HaveCount(2);
    }

    [Fact]
    public void Leaves_images_the_map_declines_and_text_without_workloads_untouched()
    {
        const string original = "kind: Pod\nspec:\n  containers:\n  - image: keep:1\n  - image: move:1\n";

        var result = ResourceRewriter.Rewrite(original, r => r.Repository == "library/move" ? ToCluster(r) : null);

        result.Text.Should().Be($"kind: Pod\nspec:\n  containers:\n  - image: keep:1\n  - image: {ClusterRegistry}/library/move:1\n");
        ResourceRewriter.Rewrite("settings:\n  image: nginx\n", ToCluster).Text.Should().Be("settings:\n  image: nginx\n");
        ResourceRewriter.Rewrite("", ToCluster).Changes.Should().BeEmpty();
    }

    [Fact]
    public void A_block_scalar_image_keeps_its_block_style()
    {
        const string original = "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: >-\n      nginx:1.25\n    command: [x]\n";

        var result = ResourceRewriter.Rewrite(original, ToCluster);

        result.Text.Should().Be($"kind: Pod\nspec:\n  containers:\n  - name: a\n    image: >-\n      {ClusterRegistry}/library/nginx:1.25\n    command: [x]\n");
    }

    [Theory]
    [InlineData("\uFEFF")]
    [InlineData("# caf\u00e9 \U0001F680 emoji before the image\n")]
    public void Positions_stay_exact_after_a_byte_order_mark_or_non_ascii_text(string prefix)
    {
        var original = prefix + "kind: Pod\nmetadata: {name: \"\u00fcber\"}\nspec:\n  containers:\n  - image: nginx # \u2603\n";

        var result = ResourceRewriter.Rewrite(original, ToCluster);

        result.Text.Should().Be(original.Replace("image: nginx", $"image: {ClusterRegistry}/library/nginx:latest"));
    }

    [Fact]
    public void Rewriting_file_bytes_keeps_the_byte_order_mark_and_returns_unchanged_content_as_is()
    {
        var bytes = System.Text.Encoding.UTF8.GetPreamble().Concat("kind: Pod\nspec: {containers: [{image: nginx}]}\n"u8.ToArray()).ToArray();

        var (content, changes) = ResourceRewriter.RewriteUtf8(bytes, ToCluster);

        content.Take(3).Should().Equal(System.Text.Encoding.UTF8.GetPreamble());
        System.Text.Encoding.UTF8.GetString(content[3..]).Should().Be($"kind: Pod\nspec: {{containers: [{{image: {ClusterRegistry}/library/nginx:latest}}]}}\n");
        changes.Should().ContainSingle();
        ResourceRewriter.RewriteUtf8(bytes, _ => null).Content.Should().BeSameAs(bytes);
    }

    [Fact]
    public void Invalid_yaml_is_a_user_error()
    {
        var act = () => ResourceRewriter.Rewrite("kind: Pod\nspec: [\n", ToCluster);

        act.Should().Throw<GravityException>().WithMessage("*invalid YAML*");
    }
}
