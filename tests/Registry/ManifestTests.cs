using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gravity.Oci;
using static Gravity.Testing.RegistryHttp;

namespace Gravity.Registry.Tests;

public sealed class ManifestTests : RegistryServerTests
{
    /// <summary>Pushes a config and one layer, then a manifest over them; returns the manifest bytes and digest.</summary>
    private async Task<(byte[] Content, Digest Digest)> PushImageAsync(string repo, string tag, int seed, string? subject = null, string? artifactType = null)
    {
        var config = Encoding.UTF8.GetBytes($"{{\"seed\":{seed}}}");
        var layer = Encoding.UTF8.GetBytes($"layer {seed}");
        var c = await PushBlobAsync(Http, repo, config);
        var l = await PushBlobAsync(Http, repo, layer);
        var manifest = ManifestJson((c, config.Length), [(l, layer.Length)], subject, artifactType);
        using var r = await PutManifestAsync(Http, repo, tag, manifest, MediaTypes.OciManifest);
        r.StatusCode.Should().Be(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var digest = Digest.Compute(manifest);
        r.Headers.GetValues("Docker-Content-Digest").Single().Should().Be(digest.ToString());
        return (manifest, digest);
    }

    [Fact]
    public async Task Manifest_is_served_by_tag_and_digest_with_its_media_type()
    {
        var (content, digest) = await PushImageAsync("img/web", "v1", 1);
        foreach (var reference in new[] { "v1", digest.ToString() })
        {
            using var get = await Http.GetAsync($"/v2/img/web/manifests/{reference}");
            get.StatusCode.Should().Be(HttpStatusCode.OK);
            get.Content.Headers.ContentType!.MediaType.Should().Be(MediaTypes.OciManifest);
            get.Headers.GetValues("Docker-Content-Digest").Single().Should().Be(digest.ToString());
            (await get.Content.ReadAsByteArrayAsync()).Should().Equal(content);

            using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/img/web/manifests/{reference}"));
            head.StatusCode.Should().Be(HttpStatusCode.OK);
            head.Content.Headers.ContentLength.Should().Be(content.Length);
        }
        using var missing = await Http.GetAsync("/v2/img/web/manifests/v2");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorCodeAsync(missing)).Should().Be("MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Manifest_referencing_a_missing_blob_is_MANIFEST_BLOB_UNKNOWN()
    {
        var config = Encoding.UTF8.GetBytes("{}");
        var c = await PushBlobAsync(Http, "missing/blob", config);
        var absent = Digest.Compute(Encoding.UTF8.GetBytes("never pushed"));
        var manifest = ManifestJson((c, config.Length), [(absent, 12)]);
        using var r = await PutManifestAsync(Http, "missing/blob", "v1", manifest, MediaTypes.OciManifest);
        r.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(r)).Should().Be("MANIFEST_BLOB_UNKNOWN");
        using var get = await Http.GetAsync("/v2/missing/blob/manifests/v1");
        get.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Blob_of_another_repository_does_not_satisfy_a_manifest()
    {
        var config = Encoding.UTF8.GetBytes("{\"x\":1}");
        var c = await PushBlobAsync(Http, "other/repo", config);
        using var r = await PutManifestAsync(Http, "this/repo", "v1", ManifestJson((c, config.Length), []), MediaTypes.OciManifest);
        (await ErrorCodeAsync(r)).Should().Be("MANIFEST_BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Oversized_manifest_is_rejected_with_413()
    {
        var config = Encoding.UTF8.GetBytes("{}");
        var c = await PushBlobAsync(Http, "big/manifest", config);
        var manifest = ManifestJson((c, config.Length), [], padding: 4 * 1024 * 1024 + 10);
        using var r = await PutManifestAsync(Http, "big/manifest", "v1", manifest, MediaTypes.OciManifest);
        r.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await ErrorCodeAsync(r)).Should().Be("SIZE_INVALID");
    }

    [Theory]
    [InlineData("not json", MediaTypes.OciManifest)]
    [InlineData("{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"v1\",\"fsLayers\":[]}", "application/vnd.docker.distribution.manifest.v1+json")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.example.unknown+json\"}", "application/vnd.example.unknown+json")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}", MediaTypes.OciManifest)]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"a\",\"digest\":\"sha256:zz\",\"size\":1},\"layers\":[]}", MediaTypes.OciManifest)]
    public async Task Invalid_or_unsupported_manifest_is_MANIFEST_INVALID(string body, string contentType)
    {
        using var r = await PutManifestAsync(Http, "invalid/manifest", "v1", Encoding.UTF8.GetBytes(body), contentType);
        r.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(r)).Should().Be("MANIFEST_INVALID");
    }

    [Fact]
    public async Task Put_by_digest_must_match_the_content()
    {
        var (content, _) = await PushImageAsync("by/digest", "v1", 2);
        var wrong = Digest.Compute(Encoding.UTF8.GetBytes("other"));
        using var r = await PutManifestAsync(Http, "by/digest", wrong.ToString(), content, MediaTypes.OciManifest);
        r.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(r)).Should().Be("DIGEST_INVALID");
    }

    [Fact]
    public async Task Index_requires_its_child_manifests_in_the_repository()
    {
        var (child, childDigest) = await PushImageAsync("multi/arch", "amd64", 3);
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciIndex,
            ["manifests"] = new JsonArray(new JsonObject
            {
                ["mediaType"] = MediaTypes.OciManifest, ["digest"] = childDigest.ToString(), ["size"] = child.Length,
                ["platform"] = new JsonObject { ["os"] = "linux", ["architecture"] = "amd64" },
            }),
        };
        var bytes = Encoding.UTF8.GetBytes(index.ToJsonString());
        using (var ok = await PutManifestAsync(Http, "multi/arch", "latest", bytes, MediaTypes.OciIndex))
            ok.StatusCode.Should().Be(HttpStatusCode.Created);
        using var elsewhere = await PutManifestAsync(Http, "multi/other", "latest", bytes, MediaTypes.OciIndex);
        (await ErrorCodeAsync(elsewhere)).Should().Be("MANIFEST_BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Delete_by_tag_untags_and_delete_by_digest_removes_the_manifest()
    {
        var (_, digest) = await PushImageAsync("del/img", "v1", 4);
        await PushImageAsync("del/img", "v2", 4); // same content, second tag
        using (var untag = await Http.DeleteAsync("/v2/del/img/manifests/v1")) untag.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await Http.GetAsync("/v2/del/img/manifests/v1")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Http.GetAsync($"/v2/del/img/manifests/{digest}")).StatusCode.Should().Be(HttpStatusCode.OK);

        using (var del = await Http.DeleteAsync($"/v2/del/img/manifests/{digest}")) del.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await Http.GetAsync($"/v2/del/img/manifests/{digest}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Http.GetAsync("/v2/del/img/manifests/v2")).StatusCode.Should().Be(HttpStatusCode.NotFound, "tags of a deleted manifest go with it");
        using var again = await Http.DeleteAsync($"/v2/del/img/manifests/{digest}");
        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorCodeAsync(again)).Should().Be("MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Referrers_list_manifests_with_a_subject_and_filter_by_artifact_type()
    {
        var (subjectContent, subjectDigest) = await PushImageAsync("ref/app", "v1", 5);
        var subject = $"{{\"mediaType\":\"{MediaTypes.OciManifest}\",\"digest\":\"{subjectDigest}\",\"size\":{subjectContent.Length}}}";

        var config = Encoding.UTF8.GetBytes("{\"sig\":1}");
        var c = await PushBlobAsync(Http, "ref/app", config);
        var sig = ManifestJson((c, config.Length), [], subject, artifactType: "application/vnd.example.signature");
        using (var r = await PutManifestAsync(Http, "ref/app", Digest.Compute(sig).ToString(), sig, MediaTypes.OciManifest))
        {
            r.StatusCode.Should().Be(HttpStatusCode.Created);
            r.Headers.GetValues("OCI-Subject").Single().Should().Be(subjectDigest.ToString());
        }
        var sbom = ManifestJson((c, config.Length), [], subject, artifactType: "application/vnd.example.sbom");
        (await PutManifestAsync(Http, "ref/app", Digest.Compute(sbom).ToString(), sbom, MediaTypes.OciManifest)).StatusCode.Should().Be(HttpStatusCode.Created);

        using var all = await Http.GetAsync($"/v2/ref/app/referrers/{subjectDigest}");
        all.StatusCode.Should().Be(HttpStatusCode.OK);
        all.Content.Headers.ContentType!.MediaType.Should().Be(MediaTypes.OciIndex);
        var index = JsonNode.Parse(await all.Content.ReadAsStringAsync())!;
        index["manifests"]!.AsArray().Select(m => m!["artifactType"]!.GetValue<string>())
            .Should().BeEquivalentTo("application/vnd.example.signature", "application/vnd.example.sbom");

        using var filtered = await Http.GetAsync($"/v2/ref/app/referrers/{subjectDigest}?artifactType=application/vnd.example.sbom");
        filtered.Headers.GetValues("OCI-Filters-Applied").Single().Should().Be("artifactType");
        var only = JsonNode.Parse(await filtered.Content.ReadAsStringAsync())!["manifests"]!.AsArray();
        only.Should().ContainSingle();
        only[0]!["digest"]!.GetValue<string>().Should().Be(Digest.Compute(sbom).ToString());

        using (var del = await Http.DeleteAsync($"/v2/ref/app/manifests/{Digest.Compute(sbom)}")) del.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var after = JsonNode.Parse(await Http.GetStringAsync($"/v2/ref/app/referrers/{subjectDigest}"))!["manifests"]!.AsArray();
        after.Should().ContainSingle();

        using var none = await Http.GetAsync($"/v2/ref/app/referrers/{Digest.Compute(Encoding.UTF8.GetBytes("nothing"))}");
        none.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonNode.Parse(await none.Content.ReadAsStringAsync())!["manifests"]!.AsArray().Should().BeEmpty();
    }
}
