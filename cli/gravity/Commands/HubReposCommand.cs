using System.CommandLine;
using Gravity.Core;
using Gravity.Registry;

namespace Gravity.Cli.Node.Commands;

/// <summary>`gravity hub repos public NAME [--off]`: anonymous pulls for one repository.</summary>
internal static class HubReposCommand
{
    public static Command Create()
    {
        var storage = HubCommand.StorageOptions();
        var name = new Argument<string>("name") { Description = "Repository, e.g. apps/shop" };
        var off = new Option<bool>("--off") { Description = "Make the repository private again" };
        var pub = new Command("public", "Allow anyone to pull a repository without credentials");
        pub.Arguments.Add(name);
        foreach (var o in new Option[] { off, storage.DataDir, storage.Database }) pub.Options.Add(o);
        Gravity.Cli.CommandAction.Set(pub, async (parseResult, ct) =>
        {
            var repository = parseResult.GetValue(name)!;
            if (!RepositoryName.IsValid(repository)) throw new GravityException($"invalid repository name '{repository}'");
            var accounts = await HubCommand.OpenAsync(parseResult, storage, ct);
            var isPublic = !parseResult.GetValue(off);
            await accounts.Store.SetRepositoryPublicAsync(repository, isPublic, ct);
            Console.WriteLine($"repository {repository} is now {(isPublic ? "public" : "private")}");
            return 0;
        });
        var cmd = new Command("repos", "Manage repository visibility");
        cmd.Subcommands.Add(pub);
        return cmd;
    }
}
