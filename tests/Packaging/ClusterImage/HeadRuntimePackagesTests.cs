using System.Text.Json.Nodes;
using Gravity.Oci;
using Gravity.Packaging.ClusterImage;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.ClusterImage;

/// <summary>The head's runtimePackages field is verified with the rest of the head: present, each record complete and naming one of the head's images by its digest.</summary>
public sealed class HeadRuntimePackagesTests
{
    private static readonly Digest Runtime = Digest.Compute("runtime"u8);

    private static byte[] GoodHead() => new ClusterImageHead
    {
        Name = "example", Version = "1.0.0", Registry = "leader.telekube.local:5000",
        Images = [new HeadImage { Reference = "docker.io/gravity/runtime:1.35.2", Rewritten = "leader.telekube.local:5000/gravity/runtime:1.35.2", Digest = Runtime, MediaType = MediaTypes.OciManifest }],
        RuntimePackages = new SortedDictionary<string, HeadRuntimePackage>
        {
            ["worker"] = new() { Reference = "docker.io/gravity/runtime:1.35.2", Digest = Runtime, KubernetesVersion = "1.35.2" },
        },
        Entries = [new HeadEntry { Name = "app.yaml", Size = 1, Digest = Digest.Compute("x"u8) }],
    }.ToJson();

    [Fact]
    public void A_head_with_its_runtime_packages_reads_back()
        => ClusterImageHead.Parse(GoodHead()).RuntimePackages["worker"].Digest.Should().Be(Runtime);

    public static TheoryData<string, string> Crafted => new()
    {
        { "missing", "runtimePackages is missing or null" },
        { "null", "runtimePackages is missing or null" },
        { "entry-null", "runtimePackages.worker is null" },
        { "reference-missing", "runtimePackages.worker.reference is missing" },
        { "digest-null", "runtimePackages.worker.digest*" },
        { "other-digest", "runtimePackages.worker.digest is not the digest of image docker.io/gravity/runtime:1.35.2*" },
        { "unknown-image", "runtimePackages.worker.reference 'docker.io/evil/runtime:1' is none of the images" },
        { "version-bad", "runtimePackages.worker.kubernetesVersion is missing or not a semantic version" },
    };

    [Theory]
    [MemberData(nameof(Crafted))]
    public void A_resealed_head_with_a_bad_runtime_package_record_is_refused_naming_the_field(string variant, string message)
    {
        var crafted = HeadJson.Edit(GoodHead(), head =>
        {
            var worker = head["runtimePackages"]!["worker"]!;
            switch (variant)
            {
                case "missing": head.Remove("runtimePackages"); break;
                case "null": head["runtimePackages"] = null; break;
                case "entry-null": head["runtimePackages"]!["worker"] = null; break;
                case "reference-missing": worker.AsObject().Remove("reference"); break;
                case "digest-null": worker["digest"] = null; break;
                case "other-digest": worker["digest"] = Digest.Compute("other"u8).ToString(); break;
                case "unknown-image": worker["reference"] = "docker.io/evil/runtime:1"; break;
                case "version-bad": worker["kubernetesVersion"] = "latest"; break;
            }
        });

        var act = () => ClusterImageHead.Parse(crafted);

        act.Should().Throw<InvalidDataException>().WithMessage($".gravity/head.json: {message}");
    }
}
