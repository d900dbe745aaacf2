using Gravity.Core;
using Gravity.Packaging.Build;
using Spectre.Console;

namespace Gravity.Cli.Tele.Progress;

/// <summary>What `tele build` prints on stdout: the plan of a dry run, or a summary of the file written.</summary>
internal static class BuildReport
{
    public static void PrintPlan(BuildPlan plan)
    {
        var console = Console.Out;
        console.WriteLine($"Would build {plan.Name} {plan.Version} from {plan.ManifestPath}");
        console.WriteLine($"Output:  {plan.OutputPath}");
        console.WriteLine($"gravity: {plan.GravityBinary ?? "(not found: pass --gravity-binary PATH)"}");
        console.WriteLine($"Images ({plan.Images.Count}):");
        foreach (var i in plan.Images)
        {
            console.WriteLine($"  {i.Reference}");
            if (i.Source.ToString() != i.Reference.ToString()) console.WriteLine($"    fetched as:     {i.Source}");
            console.WriteLine($"    in the cluster: {i.Rewritten}");
            console.WriteLine($"    from:           {i.Origin}");
            foreach (var s in i.FoundIn.Distinct()) console.WriteLine($"    found in:       {s.File}{(s.Line > 0 ? $":{s.Line}" : "")} ({s.Origin})");
        }
        console.WriteLine($"Inlined into app.yaml ({plan.Inlined.Count}):");
        foreach (var f in plan.Inlined) console.WriteLine($"  {f.FieldPath}: {f.Source} ({f.Bytes} bytes)");
        if (plan.Charts.Count > 0) console.WriteLine($"Helm charts ({plan.Charts.Count}):");
        foreach (var c in plan.Charts) console.WriteLine($"  {(c.Folder.Length == 0 ? "." : c.Folder)} ({c.Name}): {c.How}");
        foreach (var w in plan.Warnings) console.WriteLine($"Warning: {w}");
        console.WriteLine($"Resources ({plan.Resources.Count}):");
        foreach (var r in plan.Resources) console.WriteLine($"  {r.Path}{(r.Rewritten ? "  (image references rewritten)" : "")}");
    }

    public static void PrintResult(BuildResult result)
    {
        var head = result.Head!;
        Console.WriteLine($"Wrote {result.OutputPath}: {head.Name} {head.Version}, {head.Images.Count} image(s), " +
                          $"{ByteSize.Format(result.Length)} (images {ByteSize.Format(head.TotalBytes)}, stored once {ByteSize.Format(head.UniqueBytes)})");
    }
}
