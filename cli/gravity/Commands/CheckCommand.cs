using System.CommandLine;
using Gravity.Cluster.Operations;
using Gravity.Core;
using Gravity.Manifest;
using Gravity.Preflight;
using Spectre.Console;
using Gravity.Cluster.Operations.Install;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity check`: the preflight checks of the cluster image's manifest on this machine, and whether this runtime can install the application, as a table (what run_preflight_checks calls).</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var from = new Option<string?>("--from") { Description = "Folder of the untarred cluster image (default: the folder of the gravity binary)" };
        var role = new Option<string?>("--role") { Description = "Node profile to check against" };
        var flavor = new Option<string?>("--flavor") { Description = "Flavor whose (first) node profile to check against" };
        var skip = new Option<string[]>("--skip") { Description = "Check to skip on purpose (cpu, ram, os, volumes, devices, ports, custom, or a full name); repeatable", AllowMultipleArgumentsPerToken = false };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var cmd = new Command("check", "Run the preflight checks of the cluster image on this node");
        foreach (var o in new Option[] { from, role, flavor, skip, format }) cmd.Options.Add(o);

        Gravity.Cli.CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            if (parseResult.GetValue(role) is not null && parseResult.GetValue(flavor) is not null)
                throw new GravityException("pass either --role or --flavor, not both");
            var folder = parseResult.GetValue(from) ?? Path.GetDirectoryName(Environment.ProcessPath) ?? ".";
            var manifestPath = Path.Combine(folder, "app.yaml");
            if (!File.Exists(manifestPath)) throw new GravityException($"{manifestPath} does not exist: run this from the untarred cluster image or pass --from DIR");
            var manifest = ManifestLoader.Parse(await File.ReadAllTextAsync(manifestPath, ct), manifestPath).EnsureSuccess();
            var profile = ProfileSelection.Select(manifest, parseResult.GetValue(role), parseResult.GetValue(flavor));

            var report = await PreflightRunner.RunAsync(profile, new PreflightOptions
            {
                StateDir = CommonOptions.StateDirOf(parseResult),
                Skip = new HashSet<string>(parseResult.GetValue(skip) ?? [], StringComparer.OrdinalIgnoreCase),
                CreateMissingVolumes = false,
            }, ct);
            report = report with { Results = [.. report.Results, await KubernetesCheckAsync(folder, manifest, ct)] };

            if (parseResult.GetValue(format) == "json") Console.WriteLine(report.ToJson());
            else Print(report);
            return report.Succeeded ? 0 : 1;
        });
        return cmd;
    }

    /// <summary>The row for what the application needs from the runtime: the same rule /checks applies (a bare app.yaml has no resources to weigh, only hooks).</summary>
    private static async Task<CheckResult> KubernetesCheckAsync(string folder, AppManifest manifest, CancellationToken ct)
    {
        var isImage = File.Exists(Path.Combine(folder, Gravity.Packaging.ClusterImage.ClusterImageLayout.HeadPath));
        if (!isImage)
            return KubernetesRequirement.Check(manifest.Metadata.Name, manifest.Metadata.ResourceVersion, KubernetesRequirement.NeededBy(folder, [], manifest), runtimeHasKubernetes: false);
        var image = await UnpackedClusterImage.OpenAsync(folder, ct);
        // The profile install would give this node (no --role here: the flavor's first, as `gravity install` picks).
        var hasKubernetes = manifest.NodeProfiles.Count > 0
            && await KubernetesRequirement.RuntimeHasKubernetesAsync(image, Installer.ResolveRole(manifest, new InstallRequest { ImageDir = folder }), ct);
        return KubernetesRequirement.Check(manifest.Metadata.Name, manifest.Metadata.ResourceVersion, KubernetesRequirement.NeededBy(image), hasKubernetes);
    }

    private static void Print(PreflightReport report)
    {
        var table = new Table().AddColumn("Check").AddColumn("Status").AddColumn("Details");
        foreach (var r in report.Results)
        {
            var status = r.Status switch
            {
                CheckStatus.Passed => "[green]passed[/]",
                CheckStatus.Failed => "[red]failed[/]",
                _ => "[yellow]skipped[/]",
            };
            table.AddRow(Markup.Escape(r.Name), status, Markup.Escape(r.Message));
        }
        AnsiConsole.Write(table);
        var failed = report.Failures.Count();
        Console.WriteLine(failed == 0
            ? $"All checks of profile {report.Profile} passed."
            : $"{failed} check(s) of profile {report.Profile} failed.");
    }
}
