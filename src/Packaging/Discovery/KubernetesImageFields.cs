using System.Diagnostics.CodeAnalysis;
using YamlDotNet.RepresentationModel;

namespace Gravity.Packaging.Discovery;

/// <summary>
/// Finds the image fields of one Kubernetes object document: any object with a pod spec (Pod, anything with
/// spec.template.spec or spec.jobTemplate.spec.template.spec, PodTemplate), <c>*List</c> items, and Gravity ImageSets.
/// Objects without a kind are not Kubernetes objects and yield nothing.
/// </summary>
internal static class KubernetesImageFields
{
    public const string ImageSetGroup = "cluster.gravitational.io/";
    private static readonly string[] ContainerLists = ["initContainers", "containers", "ephemeralContainers"];

    public static bool IsKubernetesObject([NotNullWhen(true)] YamlNode? node)
        => node is YamlMappingNode && !string.IsNullOrEmpty(node.ChildText("kind"));

    public static IEnumerable<ImageField> Find(YamlNode? obj) => Find(obj, "");

    private static IEnumerable<ImageField> Find(YamlNode? obj, string prefix)
    {
        if (!IsKubernetesObject(obj)) yield break;
        var kind = obj.ChildText("kind")!;
        var name = obj.Child("metadata").ChildText("name");
        var who = prefix + (string.IsNullOrEmpty(name) ? kind : $"{kind}/{name}");

        if (kind.EndsWith("List", StringComparison.Ordinal) && obj.Child("items") is YamlSequenceNode)
        {
            foreach (var (item, i) in obj.Child("items").Items())
                foreach (var field in Find(item, $"{who} items[{i}] "))
                    yield return field;
            yield break;
        }

        if (kind == "ImageSet" && (obj.ChildText("apiVersion") ?? "").StartsWith(ImageSetGroup, StringComparison.Ordinal))
        {
            foreach (var (entry, i) in obj.Child("spec").Child("images").Items())
                if (entry.Child("image") is { } image)
                    yield return new ImageField(image, $"{who} spec.images[{i}].image");
            yield break;
        }

        foreach (var (podSpec, path) in PodSpecs(obj, kind))
            foreach (var field in ContainerImages(podSpec, $"{who} {path}"))
                yield return field;
    }

    private static IEnumerable<(YamlNode Spec, string Path)> PodSpecs(YamlNode obj, string kind)
    {
        if (kind == "Pod" && obj.Child("spec") is YamlMappingNode podSpec) yield return (podSpec, "spec");
        if (obj.Child("template").Child("spec") is YamlMappingNode podTemplate) yield return (podTemplate, "template.spec");
        if (obj.Child("spec").Child("template").Child("spec") is YamlMappingNode template) yield return (template, "spec.template.spec");
        if (obj.Child("spec").Child("jobTemplate").Child("spec").Child("template").Child("spec") is YamlMappingNode job)
            yield return (job, "spec.jobTemplate.spec.template.spec");
    }

    private static IEnumerable<ImageField> ContainerImages(YamlNode podSpec, string path)
    {
        foreach (var list in ContainerLists)
            foreach (var (container, i) in podSpec.Child(list).Items())
                if (container.Child("image") is { } image && !image.IsNull())
                    yield return new ImageField(image, $"{path}.{list}[{i}].image");
    }
}
