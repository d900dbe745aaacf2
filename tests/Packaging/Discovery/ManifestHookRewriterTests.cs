using Gravity.Oci;
using Gravity.Packaging.Discovery;

namespace Gravity.Packaging.Tests.Discovery;

public class ManifestHookRewriterTests
{
    private static ImageReference? ToCluster(ImageReference r) => r.WithRegistry("leader.telekube.local:5000");

    [Fact]
    public void Rewrites_hook_images_inside_literal_blocks_in_place()
    {
        var manifest = string.Join("\r\n",
            "apiVersion: bundle.gravitational.io/v2", "kind: Bundle", "hooks:", "  install:", "    job: |",
            "      apiVersion: batch/v1", "      kind: Job", "      metadata: {name: seed}", "      spec:", "        template:",
            "          spec:", "            containers:", "              - name: seed", "                image: \"installer-hooks:latest\"  # x",
            "  postInstall:", "    job: |-", "      kind: Job", "      spec: {template: {spec: {containers: [{image: busybox}]}}}",
            "baseImage: gravity:7.0.0", "");

        var result = ManifestHookRewriter.Rewrite(manifest, ToCluster);

        result.Text.Should().Be(manifest
            .Replace("\"installer-hooks:latest\"", "\"leader.telekube.local:5000/library/installer-hooks:latest\"")
            .Replace("image: busybox}", "image: leader.telekube.local:5000/library/busybox:latest}"));
        result.Changes.Should().HaveCount(2);
    }

    [Fact]
    public void A_job_in_another_style_becomes_a_double_quoted_scalar_that_parses_back()
    {
        const string manifest = "kind: Bundle\nhooks:\n  install:\n    job: \"kind: Job\\nspec: {template: {spec: {containers: [{image: redis}]}}}\\n\"\n";

        var result = ManifestHookRewriter.Rewrite(manifest, ToCluster);

        result.Text.Should().StartWith("kind: Bundle\nhooks:\n  install:\n    job: \"");
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(result.Text));
        var job = ((YamlDotNet.RepresentationModel.YamlScalarNode)stream.Documents[0].RootNode["hooks"]["install"]["job"]).Value;
        job.Should().Be("kind: Job\nspec: {template: {spec: {containers: [{image: leader.telekube.local:5000/library/redis:latest}]}}}\n");
    }

    [Fact]
    public void A_manifest_without_hooks_is_returned_as_it_is()
    {
        const string manifest = "kind: Bundle\nmetadata: {name: x}\n";

        ManifestHookRewriter.Rewrite(manifest, ToCluster).Text.Should().BeSameAs(manifest);
    }
}
