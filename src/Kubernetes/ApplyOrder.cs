namespace Gravity.Kubernetes;

/// <summary>
/// The order objects are applied in: namespaces, then custom resource definitions (their resources cannot be created
/// before the API serves them), then everything else in the order of the files, as written.
/// </summary>
public static class ApplyOrder
{
    public static (IReadOnlyList<ApplicationObject> First, IReadOnlyList<ApplicationObject> Then) Split(IEnumerable<ApplicationObject> objects)
    {
        var all = objects.ToList();
        var first = all.Where(o => o.Kind == "Namespace").Concat(all.Where(IsCrd)).ToList();
        return (first, all.Where(o => o.Kind != "Namespace" && !IsCrd(o)).ToList());
    }

    public static bool IsCrd(ApplicationObject o) => o.Kind == "CustomResourceDefinition" && o.ApiVersion.StartsWith("apiextensions.k8s.io/", StringComparison.Ordinal);
}
