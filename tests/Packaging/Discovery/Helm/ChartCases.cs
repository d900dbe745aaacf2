namespace Gravity.Packaging.Tests.Discovery.Helm;

/// <summary>
/// The charts of Charts/ (written in the styles of popular public charts) and the builds of them that
/// Charts/cases.txt lists: a folder and tele build flags (--values FILE relative to the folder, --set k=v).
/// The bench (bench/charts.sh) runs the same cases.
/// </summary>
public sealed record ChartCase(string Folder, IReadOnlyList<string> ValuesFiles, IReadOnlyList<string> Sets)
{
    public static string Root => System.IO.Path.Combine(AppContext.BaseDirectory, "Discovery", "Helm", "Charts");

    public string Path => System.IO.Path.Combine(Root, Folder);

    public IReadOnlyList<string> FullValuesFiles => ValuesFiles.Select(v => System.IO.Path.Combine(Path, v)).ToList();

    public IReadOnlyList<string> ChartDirs => Directory.GetDirectories(System.IO.Path.Combine(Path, "charts")).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyDictionary<string, string> SetDictionary => Sets.Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    public override string ToString() => string.Join(' ', new[] { Folder }.Concat(ValuesFiles.Select(v => "--values " + v)).Concat(Sets.Select(s => "--set " + s)));

    public static IReadOnlyList<ChartCase> All()
    {
        var cases = new List<ChartCase>();
        foreach (var line in File.ReadAllLines(System.IO.Path.Combine(Root, "cases.txt")))
        {
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = new List<string>();
            var sets = new List<string>();
            for (var i = 1; i < words.Length; i += 2)
                (words[i] == "--values" ? values : words[i] == "--set" ? sets : throw new FormatException(line)).Add(words[i + 1]);
            cases.Add(new ChartCase(words[0], values, sets));
        }
        return cases;
    }

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All()) data.Add(c.ToString());
        return data;
    }

    public static ChartCase Named(string name) => All().Single(c => c.ToString() == name);
}
