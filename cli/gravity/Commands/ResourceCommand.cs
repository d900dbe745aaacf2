using System.CommandLine;
using System.Globalization;
using System.Text;
using Gravity.Cluster.Plans;
using Gravity.Cluster.Resources;
using Gravity.Core;

namespace Gravity.Cli.Node.Commands;

/// <summary>
/// `gravity resource create|get|rm`: the cluster's resources. Kinds supported so far: token (join tokens: add one,
/// list them, revoke one; rotating the join token is create then rm of the old one).
/// </summary>
internal static class ResourceCommand
{
    public static Command Create()
    {
        var cmd = new Command("resource", "Create, list and remove cluster resources (kinds: token)");
        cmd.Subcommands.Add(CreateCommand());
        cmd.Subcommands.Add(GetCommand());
        cmd.Subcommands.Add(RmCommand());
        return cmd;
    }

    private static Command CreateCommand()
    {
        var cmd = new Command("create", "Create the resources of a YAML file (kind: token, metadata.name: the token or none for a random one, metadata.expires)");
        var file = new Argument<string?>("file") { Description = "The resource file (- for standard input)", Arity = ArgumentArity.ZeroOrOne };
        var fileOption = new Option<string?>("--filename", "-f") { Description = "The resource file (- for standard input)" };
        cmd.Arguments.Add(file);
        cmd.Options.Add(fileOption);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            var path = p.GetValue(fileOption) ?? p.GetValue(file) ?? throw new GravityException("give the resource file: gravity resource create FILE (or -f FILE)");
            var (text, name) = path == "-" ? (await ReadLimitedAsync(Console.OpenStandardInput(), ct), "(stdin)") : (await ReadFileAsync(path, ct), path);
            var resources = ClusterResourceFile.Parse(text, name);
            var created = await new JoinTokenResources(CommonOptions.StateDirOf(p), TimeProvider.System).CreateAsync(resources, ct);
            foreach (var token in created)
                Console.WriteLine($"join token created: {token.Token}" + (token.Expires is { } e ? $" (expires {e.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)})" : ""));
            return 0;
        });
        return cmd;
    }

    private static Command GetCommand()
    {
        var cmd = new Command("get", "List cluster resources of a kind (token)");
        var kind = KindArgument();
        var format = new Option<string>("--format") { Description = "text, json or yaml", DefaultValueFactory = _ => "text" };
        cmd.Arguments.Add(kind);
        cmd.Options.Add(format);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            CheckKind(p.GetValue(kind)!);
            var tokens = await new JoinTokenResources(CommonOptions.StateDirOf(p), TimeProvider.System).ListAsync(ct);
            Console.Write(ViewSerializer.Format(tokens, p.GetValue(format)!, list =>
            {
                var sb = new StringBuilder();
                sb.AppendLine("Token\tOrigin\tCreated\tExpires\tStatus");
                foreach (var t in list)
                    sb.AppendLine(CultureInfo.InvariantCulture, $"{t.Token}\t{t.Origin}\t{t.Created.UtcDateTime:u}\t{(t.Expires is { } e ? e.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) : "never")}\t{(t.Active ? "active" : "expired")}");
                if (list.Count == 0) sb.AppendLine("(no join token: no node can join; add one with gravity resource create)");
                return sb.ToString();
            }));
            return 0;
        });
        return cmd;
    }

    private static Command RmCommand()
    {
        var cmd = new Command("rm", "Remove a cluster resource: `rm token TOKEN` revokes a join token (joins it admitted and has not completed stop too)");
        var kind = KindArgument();
        var name = new Argument<string>("name") { Description = "The resource's name (for a token: the token)" };
        cmd.Arguments.Add(kind);
        cmd.Arguments.Add(name);
        CommandAction.Set(cmd, async (p, ct) =>
        {
            CheckKind(p.GetValue(kind)!);
            var remaining = await new JoinTokenResources(CommonOptions.StateDirOf(p), TimeProvider.System).RevokeAsync(p.GetValue(name)!, ct);
            Console.WriteLine("join token revoked");
            if (remaining == 0) Console.Error.WriteLine("warning: the cluster has no active join token now: no node can join until gravity resource create adds one");
            return 0;
        });
        return cmd;
    }

    private static Argument<string> KindArgument() => new("kind") { Description = "The kind of resource: token" };

    private static void CheckKind(string kind)
    {
        if (kind is not ("token" or "tokens"))
            throw new GravityException($"resource kind \"{kind}\" is not supported (supported: {string.Join(", ", ClusterResourceFile.SupportedKinds)})");
    }

    private static async Task<string> ReadFileAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var file = File.OpenRead(path);
            return await ReadLimitedAsync(file, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GravityException($"{path}: cannot read the resource file: {ex.Message}");
        }
    }

    private static async Task<string> ReadLimitedAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[ClusterResourceFile.MaxFileBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
        if (read > ClusterResourceFile.MaxFileBytes) throw new GravityException($"a resource file has at most {ClusterResourceFile.MaxFileBytes} bytes");
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
