namespace Gravity.Testing.Kubernetes;

/// <summary>The built-in kinds the project and the guide's hooks use (what the double serves before any CRD is created).</summary>
public static class KubernetesBuiltInTypes
{
    public static IReadOnlyList<KubernetesResourceType> All { get; } =
    [
        Core("Namespace", "namespaces", false, ["ns"], "status"),
        Core("ConfigMap", "configmaps", true, ["cm"]),
        Core("Secret", "secrets", true, []),
        Core("ServiceAccount", "serviceaccounts", true, ["sa"]),
        Core("Service", "services", true, ["svc"], "status"),
        Core("Pod", "pods", true, ["po"], "status", "log", "eviction"),
        Core("Node", "nodes", false, ["no"], "status"),
        Core("Event", "events", true, ["ev"]),
        Core("Endpoints", "endpoints", true, ["ep"]),
        Core("PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"], "status"),
        Core("PersistentVolume", "persistentvolumes", false, ["pv"], "status"),
        Type("apps", "v1", "Deployment", "deployments", true, ["deploy"], "status", "scale"),
        Type("apps", "v1", "DaemonSet", "daemonsets", true, ["ds"], "status"),
        Type("apps", "v1", "StatefulSet", "statefulsets", true, ["sts"], "status", "scale"),
        Type("apps", "v1", "ReplicaSet", "replicasets", true, ["rs"], "status"),
        Type("batch", "v1", "Job", "jobs", true, [], "status"),
        Type("batch", "v1", "CronJob", "cronjobs", true, ["cj"], "status"),
        Type("rbac.authorization.k8s.io", "v1", "Role", "roles", true, []),
        Type("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, []),
        Type("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, []),
        Type("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, []),
        Type("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, ["crd", "crds"], "status"),
        Type("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, ["pdb"], "status"),
        Type("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, ["netpol"]),
        Type("networking.k8s.io", "v1", "Ingress", "ingresses", true, ["ing"], "status"),
        Type("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, ["sc"]),
        Type("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, ["pc"]),
    ];

    public static readonly KubernetesResourceType Namespace = All[0];
    public static readonly KubernetesResourceType CustomResourceDefinition = All.Single(t => t.Kind == "CustomResourceDefinition");

    private static KubernetesResourceType Core(string kind, string plural, bool namespaced, string[] shortNames, params string[] subresources)
        => Type("", "v1", kind, plural, namespaced, shortNames, subresources);

    private static KubernetesResourceType Type(string group, string version, string kind, string plural, bool namespaced, string[] shortNames, params string[] subresources)
        => new(group, version, kind, plural, namespaced, shortNames, subresources);
}
