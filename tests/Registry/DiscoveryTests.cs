using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gravity.Oci;
using static Gravity.Testing.RegistryHttp;

namespace Gravity.Registry.Tests;

public sealed class DiscoveryTests : RegistryServerTests
{
    private async Task TagAsync(string repo, params string[] tags)
    {
        var config = Encoding.UTF8.GetBytes("{}");
        var c = await PushBlobAsync(Http, repo, config);
        var manifest = ManifestJson((c, config.Length), []);
        foreach (var tag in tags)
            (await PutManifestAsync(Http, repo, tag, manifest, MediaTypes.OciManifest)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Tags_are_listed_in_order_and_paginated_with_a_Link_header()
    {
        await TagAsync("pages/app", "v3", "v1", "latest", "v2", "v10");
        var all = JsonNode.Parse(await Http.GetStringAsync("/v2/pages/app/tags/list"))!;
        all["name"]!.GetValue<string>().Should().Be("pages/app");
        all["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("latest", "v1", "v10", "v2", "v3");

        var seen = new List<string>();
        var next = "/v2/pages/app/tags/list?n=2";
        for (var page = 0; page < 10 && next is not null; page++)
        {
            using var r = await Http.GetAsync(next);
            r.StatusCode.Should().Be(HttpStatusCode.OK);
            var tags = JsonNode.Parse(await r.Content.ReadAsStringAsync())!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
            tags.Count.Should().BeLessThanOrEqualTo(2);
            seen.AddRange(tags);
            next = r.Headers.TryGetValues("Link", out var link) ? link.Single().Split('<', '>')[1] : null;
        }
        seen.Should().Equal("latest", "v1", "v10", "v2", "v3");

        var after = JsonNode.Parse(await Http.GetStringAsync("/v2/pages/app/tags/list?last=v10"))!["tags"]!.AsArray();
        after.Select(t => t!.GetValue<string>()).Should().Equal("v2", "v3");
    }

    [Fact]
    public async Task Tags_of_an_unknown_repository_is_NAME_UNKNOWN()
    {
        using var r = await Http.GetAsync("/v2/no/such/repo/tags/list");
        r.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorCodeAsync(r)).Should().Be("NAME_UNKNOWN");
    }

    [Fact]
    public async Task Catalog_lists_nested_repositories_with_pagination()
    {
        await TagAsync("alpha", "v1");
        await TagAsync("alpha/beta", "v1");
        await TagAsync("gamma/delta/epsilon", "v1");
        var all = JsonNode.Parse(await Http.GetStringAsync("/v2/_catalog"))!["repositories"]!.AsArray().Select(t => t!.GetValue<string>());
        all.Should().Equal("alpha", "alpha/beta", "gamma/delta/epsilon");

        using var first = await Http.GetAsync("/v2/_catalog?n=2");
        JsonNode.Parse(await first.Content.ReadAsStringAsync())!["repositories"]!.AsArray().Select(t => t!.GetValue<string>())
            .Should().Equal("alpha", "alpha/beta");
        var link = first.Headers.GetValues("Link").Single();
        link.Should().Contain("rel=\"next\"");
        var second = JsonNode.Parse(await Http.GetStringAsync(link.Split('<', '>')[1]))!["repositories"]!.AsArray();
        second.Select(t => t!.GetValue<string>()).Should().Equal("gamma/delta/epsilon");
    }

    [Fact]
    public async Task Two_servers_on_one_data_folder_see_each_others_pushes()
    {
        await using var second = await RegistryTestServer.StartAsync(Server.DataDir);
        using var http2 = second.Client();
        await TagAsync("shared/repo", "v1");
        using var r = await http2.GetAsync("/v2/shared/repo/manifests/v1");
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        var digest = await PushBlobAsync(http2, "shared/repo", Encoding.UTF8.GetBytes("from the second"));
        (await Http.GetStringAsync($"/v2/shared/repo/blobs/{digest}")).Should().Be("from the second");
    }
}
