using Gravity.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace Gravity.Kubernetes.Tests;

/// <summary>YAML scalars typed as kubectl types them (go-yaml v2): what the API receives must be what kubectl would send.</summary>
public sealed class YamlToJsonTests
{
    private static string Json(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return YamlToJson.Convert(stream.Documents[0].RootNode)!.ToJsonString();
    }

    [Theory]
    [InlineData("a: 3", """{"a":3}""")]
    [InlineData("a: \"3\"", """{"a":"3"}""")]
    [InlineData("a: -1", """{"a":-1}""")]
    [InlineData("a: 0x1F", """{"a":31}""")]
    [InlineData("a: 0o17", """{"a":15}""")]
    [InlineData("a: 1.5", """{"a":1.5}""")]
    [InlineData("a: true", """{"a":true}""")]
    [InlineData("a: yes", """{"a":true}""")]
    [InlineData("a: Off", """{"a":false}""")]
    [InlineData("a: 'true'", """{"a":"true"}""")]
    [InlineData("a: ~", """{"a":null}""")]
    [InlineData("a:", """{"a":null}""")]
    [InlineData("a: 1.2.3", """{"a":"1.2.3"}""")]
    [InlineData("a: 0755", """{"a":493}""")]
    [InlineData("a: 089", """{"a":89}""")]
    [InlineData("a: !!str 42", """{"a":"42"}""")]
    [InlineData("a: [1, x, {b: c}]", """{"a":[1,"x",{"b":"c"}]}""")]
    [InlineData("a: |\n  line\n", """{"a":"line\n"}""")]
    public void Scalars_are_typed_as_kubectl_types_them(string yaml, string json) => Json(yaml).Should().Be(json);
}
