namespace Gravity.Cluster.Operations.Expand;

/// <summary>The phases of a join (an expand operation), all run on the joining node.</summary>
public static class ExpandPhases
{
    public const string Checks = "/checks";
    public const string Configure = "/configure";
    public const string User = "/configure/service-user";
    public const string Certificates = "/configure/certificates";
    public const string Bootstrap = "/bootstrap";
    public const string Pull = "/pull";
    public const string PreNodeAdd = "/pre-node-add";
    public const string Etcd = "/etcd";
    public const string System = "/system";
    public const string Wait = "/wait";
    public const string Registry = "/registry";
    public const string PostNodeAdd = "/post-node-add";
    public const string Elect = "/elect";
}
