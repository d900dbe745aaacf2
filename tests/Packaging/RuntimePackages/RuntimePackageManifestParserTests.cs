using System.Text;
using Gravity.Packaging.RuntimePackages;

namespace Gravity.Packaging.Tests.RuntimePackages;

/// <summary>runtime.json is read with limits, and every refusal names its field.</summary>
public sealed class RuntimePackageManifestParserTests
{
    private const string Good = """{"formatVersion":1,"kubernetesVersion":"1.35.2","os":"linux","architecture":"amd64","binaries":[{"name":"kubelet","kind":"kubelet","version":"v1.35.2"}]}""";

    [Fact]
    public void Reads_a_good_manifest()
    {
        var m = RuntimePackageManifestParser.Parse(Encoding.UTF8.GetBytes(Good));
        m.KubernetesVersion.Should().Be("1.35.2");
        m.Binaries.Should().ContainSingle().Which.Should().Be(new RuntimePackageBinary("kubelet", "kubelet", "v1.35.2"));
    }

    public static TheoryData<string, string> Bad => new()
    {
        { "[]", "runtime.json is not a JSON object" },
        { "{", "runtime.json is not JSON*" },
        { Good.Replace("\"formatVersion\":1", "\"formatVersion\":2"), "runtime.json: formatVersion is 2*" },
        { Good.Replace("1.35.2\",\"os", "latest\",\"os"), "runtime.json: kubernetesVersion 'latest' is not a semantic version*" },
        { Good.Replace("\"name\":\"kubelet\"", "\"name\":\"../etc/passwd\""), "runtime.json: binaries[0].name '../etc/passwd' is not a program name*" },
        { Good.Replace("\"name\":\"kubelet\"", "\"name\":null"), "runtime.json: binaries[0].name is missing*" },
        { Good.Replace("\"kind\":\"kubelet\"", "\"kind\":\"rootkit\""), "runtime.json: binaries[0].kind 'rootkit' is none of*" },
        { Good.Replace("\"os\":\"linux\",", "\"os\":\"linux\",\"extra\":1,"), "runtime.json: extra is not a field of runtime.json" },
        { Good.Replace("\"binaries\":[", "\"binaries\":[{\"name\":\"kubelet\",\"kind\":\"kubelet\"},"), "runtime.json: binaries[1].name 'kubelet' is listed twice" },
        { Good.Replace(",\"binaries\":[{\"name\":\"kubelet\",\"kind\":\"kubelet\",\"version\":\"v1.35.2\"}]", ""), "runtime.json: binaries is missing or not a list" },
        { Good.Replace("[{", "[" + string.Concat(Enumerable.Range(0, 65).Select(i => $"{{\"name\":\"p{i}\",\"kind\":\"other\"}},")) + "{"), "runtime.json: binaries lists 66 programs; at most 64*" },
        { "{\"a\":" + new string('[', 20) + new string(']', 20) + "}", "runtime.json is not JSON*" },
        { "{\"formatVersion\":1,\"pad\":\"" + new string('x', 70_000) + "\"}", "runtime.json is 70*bytes; at most 65536*" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Refuses_a_bad_manifest_naming_the_field(string json, string message)
    {
        var act = () => RuntimePackageManifestParser.Parse(Encoding.UTF8.GetBytes(json));
        act.Should().Throw<InvalidDataException>().WithMessage(message);
    }
}
