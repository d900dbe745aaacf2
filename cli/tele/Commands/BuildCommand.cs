using System.CommandLine;
using Gravity.Cli.Tele.Progress;
using Gravity.Core;
using Gravity.Oci.Model;
using Gravity.Oci.Registry;
using Gravity.Packaging.Build;
using Spectre.Console;

namespace Gravity.Cli.Tele.Commands;

/// <summary>`tele build [app.yaml | dir]`: package an application and its images into a cluster image.</summary>
internal static class BuildCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("app.yaml|dir") { Description = "The application manifest, or the folder holding app.yaml", DefaultValueFactory = _ => "." };
        var output = new Option<string?>("--output", "-o") { Description = "File to write (default: <name>-<version>.tar in the current folder)" };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite the output file if it exists" };
        var upgradeVia = new Option<string[]>("--upgrade-via") { Description = "Embed an earlier LTS runtime for multi-hop upgrades (repeatable)", AllowMultipleArgumentsPerToken = false };
        var setImage = new Option<string[]>("--set-image") { Description = "Use image NEW wherever the application names OLD: OLD=NEW (repeatable)" };
        var glob = new Option<string[]>("--glob") { Description = "Which files are resources (default **/*.yaml, **/*.yml, **/*.json; repeatable)" };
        var ignore = new Option<string[]>("--ignore") { Description = "Files or folders to leave out (repeatable)" };
        var values = new Option<string[]>("--values") { Description = "Helm values file applied to the charts (repeatable)" };
        var set = new Option<string[]>("--set") { Description = "Helm value override k=v (repeatable)" };
        var ociLayout = new Option<string[]>("--oci-layout") { Description = "OCI image layout whose images (by ref name) are used before any registry (repeatable)" };
        var dockerArchive = new Option<string[]>("--docker-archive") { Description = "docker save archive whose images (by tag) are used before any registry (repeatable)" };
        var platform = new Option<string[]>("--platform") { Description = "Platform to keep from multi-platform images: os/arch[/variant] (repeatable; default linux/amd64)" };
        var caCert = new Option<string?>("--ca-cert") { Description = "PEM file of the CA registry certificates must chain to" };
        var username = new Option<string?>("--username") { Description = "Registry user (default: credentials from ~/.docker/config.json)" };
        var password = new Option<string?>("--password") { Description = "Registry password (or set TELE_REGISTRY_PASSWORD)" };
        var dockerConfig = new Option<string?>("--docker-config") { Description = "Docker config.json to read credentials from" };
        var gravityBinary = new Option<string?>("--gravity-binary") { Description = "The gravity binary to embed (default: gravity next to tele)" };
        var clusterRegistry = new Option<string>("--cluster-registry") { Description = "Registry the cluster serves images from", DefaultValueFactory = _ => BuildRequest.DefaultClusterRegistry };
        var helm = new Option<string?>("--helm") { Description = "The helm 3 or 4 binary that renders the charts (default: helm on PATH; without one, charts are read by a built-in reader)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and print what would be built, without pulling or writing" };
        var allowPath = new Option<string[]>("--allow-path") { Description = "Folder outside the application's that file:// fields of app.yaml may read (repeatable)" };

        var cmd = new Command("build", "Package an application and its container images into a cluster image");
        cmd.Arguments.Add(path);
        foreach (var o in new Option[] { output, force, upgradeVia, setImage, glob, ignore, values, set, ociLayout, dockerArchive,
                     platform, caCert, username, password, dockerConfig, gravityBinary, clusterRegistry, helm, dryRun, allowPath })
            cmd.Options.Add(o);

        CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            if (parseResult.GetValue(upgradeVia) is { Length: > 0 })
                throw new GravityException("--upgrade-via is not supported yet: this version embeds a single runtime");
            var state = CommonOptions.StateDirOf(parseResult);
            var request = new BuildRequest
            {
                ManifestPath = parseResult.GetValue(path)!,
                OutputPath = parseResult.GetValue(output),
                Overwrite = parseResult.GetValue(force),
                StateDir = state,
                SetImages = parseResult.GetValue(setImage) ?? [],
                Globs = parseResult.GetValue(glob) ?? [],
                Ignore = parseResult.GetValue(ignore) ?? [],
                ValuesFiles = parseResult.GetValue(values) ?? [],
                HelmSet = ParseSet(parseResult.GetValue(set) ?? []),
                OciLayouts = parseResult.GetValue(ociLayout) ?? [],
                DockerArchives = parseResult.GetValue(dockerArchive) ?? [],
                Platforms = ParsePlatforms(parseResult.GetValue(platform) ?? []),
                Registry = RegistryOptions(CommonOptions.InsecureOf(parseResult), parseResult.GetValue(caCert), parseResult.GetValue(username),
                    parseResult.GetValue(password) ?? Environment.GetEnvironmentVariable("TELE_REGISTRY_PASSWORD"), parseResult.GetValue(dockerConfig), state),
                ClusterRegistry = parseResult.GetValue(clusterRegistry)!,
                GravityBinary = parseResult.GetValue(gravityBinary),
                DryRun = parseResult.GetValue(dryRun),
                AllowedPaths = parseResult.GetValue(allowPath) ?? [],
                HelmBinary = parseResult.GetValue(helm),
            };
            var result = await BuildProgressFactory.RunAsync(parseResult, progress => ClusterImageBuilder.BuildAsync(request, progress, ct));
            if (request.DryRun) BuildReport.PrintPlan(result.Plan);
            else if (!parseResult.GetValue(CommandAction.Quiet)) BuildReport.PrintResult(result);
            return 0;
        });
        return cmd;
    }

    private static IReadOnlyDictionary<string, string> ParseSet(string[] values)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in values.SelectMany(v => v.Split(',')))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new GravityException($"--set '{pair}': expected key=value");
            result[pair[..eq]] = pair[(eq + 1)..];
        }
        return result;
    }

    private static IReadOnlyList<Platform> ParsePlatforms(string[] values)
    {
        if (values.Length == 0) return [Gravity.Oci.Transfer.PullOptions.DefaultPlatform];
        try { return values.Select(Platform.Parse).ToList(); }
        catch (FormatException ex) { throw new GravityException($"--platform: {ex.Message}"); }
    }

    private static RegistryClientOptions RegistryOptions(bool insecure, string? caCert, string? user, string? password, string? dockerConfig, string stateDir)
    {
        if (caCert is not null && !File.Exists(caCert)) throw new GravityException($"--ca-cert {caCert}: no such file");
        ICredentialProvider docker = new DockerConfigCredentialProvider(dockerConfig);
        var credentials = user is null ? docker : new ChainedCredentialProvider(new StaticCredentialProvider(user, password ?? ""), docker);
        return new RegistryClientOptions
        {
            Insecure = insecure, CaCertificatePath = caCert, Credentials = credentials,
            PlainHttpMemory = insecure ? new PlainHttpRegistries(Path.Combine(stateDir, "plain-http-registries")) : null,
        };
    }
}
