namespace Gravity.Cluster.Operations.Install;

/// <summary>The IDs and executor names of the install plan's phases.</summary>
public static class InstallPhases
{
    public const string Checks = "/checks";
    public const string Configure = "/configure";
    public const string User = "/configure/service-user";
    public const string Certificates = "/configure/certificates";
    public const string Bootstrap = "/bootstrap";
    public const string Unpack = "/unpack";
    public const string Runtime = "/runtime";
    public const string Wait = "/wait";
    public const string Export = "/export";
    public const string App = "/app";
    public const string Complete = "/complete";
}
