namespace Gravity.Packaging.Build;

/// <summary>The README and the shell scripts at the top of a cluster image; they hand over to the embedded gravity binary.</summary>
public static class LauncherScripts
{
    private const string Prologue = "#!/bin/sh\nset -e\ndir=\"$(cd \"$(dirname \"$0\")\" && pwd)\"\n";

    public static string Install(string name, string version) => Prologue +
        $"# Creates a cluster running {name} {version} on this machine (see README).\n" +
        "exec \"$dir/gravity\" install --from \"$dir\" \"$@\"\n";

    public static string Upload(string name, string version) => Prologue +
        $"# Imports {name} {version} (packages and container images) into the cluster this machine belongs to.\n" +
        "exec \"$dir/gravity\" upload --from \"$dir\" \"$@\"\n";

    public static string Upgrade(string name, string version) => Prologue +
        $"# Upgrades the cluster this machine belongs to to {name} {version}.\n" +
        "if [ \"$(id -u)\" != \"0\" ]; then\n" +
        "  echo \"upgrade must run as root: sudo $0 $*\" >&2\n" +
        "  exit 1\n" +
        "fi\n" +
        // upload takes the common flags of the arguments (the rest are upgrade's own): the same state folder, the same TLS rule.
        "upload_with_common_flags() {\n" +
        "  n=$#\n" +
        "  value=\n" +
        "  for a in \"$@\"; do\n" +
        "    if [ -n \"$value\" ]; then set -- \"$@\" \"$a\"; value=; continue; fi\n" +
        "    case \"$a\" in\n" +
        "      --state-dir) set -- \"$@\" \"$a\"; value=1 ;;\n" +
        "      --state-dir=*|--insecure|--debug|-q|--quiet) set -- \"$@\" \"$a\" ;;\n" +
        "    esac\n" +
        "  done\n" +
        "  shift \"$n\"\n" +
        "  \"$dir/gravity\" upload --from \"$dir\" \"$@\"\n" +
        "}\n" +
        "upload_with_common_flags \"$@\"\n" +
        "exec \"$dir/gravity\" upgrade \"$@\"\n";

    public static string Preflight(string name, string version) => Prologue +
        $"# Checks that this machine meets the requirements of {name} {version} (node profiles of app.yaml).\n" +
        "exec \"$dir/gravity\" check --from \"$dir\" \"$@\"\n";

    public static string Readme(string name, string version, int imageCount) =>
        $"""
        {name} {version}
        {new string('=', name.Length + version.Length + 1)}

        This is a cluster image: the application, its {imageCount} container image(s) and the gravity binary that
        installs it, in one file that needs no network access.

        Install (creates a new cluster on this machine; other machines join it with "gravity join"):

            tar xf {name}-{version}.tar
            sudo ./install [--advertise-addr IP] [--flavor NAME] [--cluster NAME]

        Check that this machine meets the application's requirements first:

            sudo ./run_preflight_checks [--role NAME]

        Upload into a running cluster (makes this version available there):

            sudo ./upload

        Upgrade a running cluster to this version (uploads first):

            sudo ./upgrade [--manual]

        Inspect and verify the file itself with tele:

            tele inspect {name}-{version}.tar
            tele verify {name}-{version}.tar

        Contents: app.yaml (the final manifest), gravity, the scripts above, and packages/ (an OCI image layout holding
        every container image, plus the application resources under packages/resources/).

        """.Replace("\r\n", "\n");
}
