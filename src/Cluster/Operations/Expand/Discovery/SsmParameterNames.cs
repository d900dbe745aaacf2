namespace Gravity.Cluster.Operations.Expand.Discovery;

/// <summary>
/// Gravity's parameter names (lib/autoscale/aws in gravitational/gravity): the cluster's service URL as a String and its
/// join token as a SecureString, under /telekube/CLUSTER/. Kept the same so that existing IAM policies and scripts
/// (`aws ssm get-parameter --name /telekube/NAME/service`) keep working.
/// </summary>
public static class SsmParameterNames
{
    public static string Service(string clusterName) => $"/telekube/{clusterName}/service";
    public static string Token(string clusterName) => $"/telekube/{clusterName}/token";
}
