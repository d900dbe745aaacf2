using System.Text;
using System.Text.Json.Nodes;
using Gravity.Hub.Tests.Catalog;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Tele;

/// <summary>
/// tele verify and tele inspect on crafted or damaged heads: each refused with exit 1 and a message naming what is
/// wrong (the field, or the damage), never a crash; and the head's self-check cannot be switched off from its tar header.
/// </summary>
public sealed class TeleHeadRefusalTests
{
    private static readonly Dictionary<string, byte[]> Files = new()
    {
        ["app.yaml"] = "apiVersion: bundle.gravitational.io/v2\nkind: Bundle\nmetadata:\n  name: shop\n  resourceVersion: 1.0.0\n"u8.ToArray(),
        ["packages/oci-layout"] = """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray(),
        ["packages/index.json"] = """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"""u8.ToArray(),
    };

    public static TheoryData<string, string> CraftedHeads => new()
    {
        { "only-format-version", "name" },
        { "entries-null", "entries" },
        { "entries-missing", "entries" },
        { "images-null", "images" },
        { "resources-null", "resources" },
        { "rewrites-null", "rewrites" },
        { "entry-null", "entries[0]" },
        { "entry-digest-null", "entries[0].digest" },
        { "entry-mode-null", "entries[1].mode" },
        { "image-null", "images[0]" },
        { "name-a-path", "name" },
    };

    [Theory]
    [MemberData(nameof(CraftedHeads))]
    public async Task Verify_and_inspect_refuse_a_resealed_head_with_a_missing_or_null_field_naming_it(string variant, string field)
    {
        using var dir = new TempDir("tele-head");
        var tele = new TeleProcess(dir.Combine("home"), dir.Path);
        var good = TestClusterImage.Head("shop", "1.0.0", Files).ToJson();
        var crafted = variant == "only-format-version"
            ? HeadJson.Seal(new JsonObject { ["formatVersion"] = 1 })
            : HeadJson.Edit(good, head =>
            {
                switch (variant)
                {
                    case "entries-null": head["entries"] = null; break;
                    case "entries-missing": head.Remove("entries"); break;
                    case "images-null": head["images"] = null; break;
                    case "resources-null": head["resources"] = null; break;
                    case "rewrites-null": head["rewrites"] = null; break;
                    case "entry-null": head["entries"]![0] = null; break;
                    case "entry-digest-null": head["entries"]![0]!["digest"] = null; break;
                    case "entry-mode-null": head["entries"]![1]!["mode"] = null; break;
                    case "image-null": head["images"] = new JsonArray((JsonNode?)null); break;
                    case "name-a-path": head["name"] = "../../etc"; break;
                }
            });
        var image = dir.Combine($"{variant}.tar");
        await TestClusterImage.WriteWithHeadAsync(image, crafted, Files);

        foreach (var command in new[] { "verify", "inspect" })
        {
            var r = await tele.RunAsync(command, image);

            r.ExitCode.Should().Be(1, $"tele {command} on {variant}: {r.Combined}");
            r.StdErr.Should().Contain($"head.json: {field} ", $"tele {command} names the field");
            r.Combined.Should().NotContain("NullReference").And.NotContain("   at ");
        }
    }

    [Fact]
    public async Task The_intact_image_verifies_and_inspects()
    {
        using var dir = new TempDir("tele-head");
        var tele = new TeleProcess(dir.Combine("home"), dir.Path);
        var image = await TestClusterImage.WriteAsync(dir.Path, "shop", "1.0.0", Files);

        var verify = await tele.RunAsync("verify", image);
        verify.ExitCode.Should().Be(0, verify.Combined);
        var inspect = await tele.RunAsync("inspect", image);
        inspect.ExitCode.Should().Be(0, inspect.Combined);
        inspect.StdOut.Should().Contain("Version:  1.0.0");
    }

    [Fact]
    public async Task Garbling_the_digest_in_the_pax_header_does_not_switch_off_the_head_check()
    {
        using var dir = new TempDir("tele-head");
        var tele = new TeleProcess(dir.Combine("home"), dir.Path);
        var image = await TestClusterImage.WriteAsync(dir.Path, "shop", "1.0.0", Files);
        var bytes = await File.ReadAllBytesAsync(image);
        // The pax record is data, not covered by any tar header checksum: 's' -> 'x' makes it no digest at all.
        var comment = IndexOf(bytes, "comment=sha256:"u8.ToArray());
        comment.Should().BePositive();
        bytes[comment + "comment=".Length] = (byte)'x';
        var garbled = dir.Combine("garbled.tar");
        await File.WriteAllBytesAsync(garbled, bytes);
        // ...and with the check off, the head could say anything of the same length.
        var version = IndexOf(bytes, "\"version\": \"1.0.0\""u8.ToArray());
        version.Should().BePositive();
        bytes[version + "\"version\": \"1.0.".Length] = (byte)'9';
        var changed = dir.Combine("changed.tar");
        await File.WriteAllBytesAsync(changed, bytes);

        foreach (var command in new[] { "verify", "inspect" })
        {
            var r = await tele.RunAsync(command, garbled);
            r.ExitCode.Should().Be(1, $"tele {command} on a head without its header digest: {r.Combined}");
            r.StdErr.Should().Contain("records no digest");

            r = await tele.RunAsync(command, changed);
            r.ExitCode.Should().Be(1, $"tele {command} on a changed head: {r.Combined}");
            r.StdErr.Should().Contain("head.json");
            r.StdOut.Should().NotContain("1.0.9");
        }
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
