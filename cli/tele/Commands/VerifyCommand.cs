using System.CommandLine;
using Gravity.Core;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cli.Tele.Commands;

/// <summary>`tele verify FILE`: reread every entry of a cluster image against its recorded checksums.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The cluster image (.tar)" };
        var cmd = new Command("verify", "Check every entry and digest of a cluster image");
        cmd.Arguments.Add(file);
        CommandAction.Set(cmd, async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(file)!;
            if (!File.Exists(path)) throw new GravityException($"{path}: no such file");
            var result = await ClusterImageVerifier.VerifyAsync(path, ct: ct);
            if (!result.Succeeded)
            {
                foreach (var problem in result.Problems) Console.Error.WriteLine($"error: {path}: {problem}");
                return 1;
            }
            if (!parseResult.GetValue(CommandAction.Quiet))
                Console.WriteLine($"{path}: OK ({result.EntriesChecked} entries, {ByteSize.Format(result.BytesChecked)} verified)");
            return 0;
        });
        return cmd;
    }
}
