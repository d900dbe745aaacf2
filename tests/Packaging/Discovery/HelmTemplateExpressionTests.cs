using Gravity.Packaging.Discovery.Helm;
using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Tests.Discovery;

public class HelmTemplateExpressionTests
{
    private static readonly HelmChart Chart = new(new FolderChartFiles("/nonexistent", "chart"), "demo", "0.3.0", "2.5.1", new YamlMappingNode());

    private static HelmMap Values()
    {
        var values = HelmValues.Empty("values.yaml");
        HelmSetOverride.Apply(values, "image.repository", "acme/demo");
        HelmSetOverride.Apply(values, "image.tag", "");
        HelmSetOverride.Apply(values, "registry", "mirror:5000/");
        return values;
    }

    [Theory]
    [InlineData("{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}", "acme/demo:2.5.1")]
    [InlineData("{{- $.Values.registry -}}{{ .Values.image.repository }}", "mirror:5000/acme/demo")]
    [InlineData("{{ default \"x/y:1\" .Values.missing }}", "x/y:1")]
    [InlineData("{{ .Values.missing | default \"x/y:2\" }}", "x/y:2")]
    [InlineData("{{ .Values.image.repository | quote }}", "acme/demo")]
    [InlineData("{{ .Chart.Name }}:{{ .Chart.Version }}", "demo:0.3.0")]
    [InlineData("plain/text:1", "plain/text:1")]
    public void Renders_simple_actions(string template, string expected)
        => HelmTemplateExpression.Render(template, Chart, Values()).Should().Be(expected);

    [Theory]
    [InlineData("{{ include \"demo.image\" . }}")]
    [InlineData("{{ .Values.image }}")]
    [InlineData("{{ .image }}")]
    [InlineData("{{ printf \"%s:%s\" .Values.a .Values.b }}")]
    [InlineData("{{ .Values.image.repository")]
    [InlineData("{{ .Values.undefined }}nginx")]
    public void Gives_up_on_anything_else(string template)
        => HelmTemplateExpression.Render(template, Chart, Values()).Should().BeNull();
}
