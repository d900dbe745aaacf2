namespace Gravity.KubernetesDoubles;

/// <summary>
/// The command line of a Kubernetes binary (--name=value or --name value; a bare --name is "true"): the doubles read
/// the flags they act on and accept all others, as the point is to run with the arguments the agent gives the real ones.
/// </summary>
public sealed class TestDoubleFlags
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static TestDoubleFlags Parse(IReadOnlyList<string> args)
    {
        var flags = new TestDoubleFlags();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal)) continue;
            var eq = arg.IndexOf('=');
            if (eq > 0) flags._values[arg[2..eq]] = arg[(eq + 1)..];
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) flags._values[arg[2..]] = args[++i];
            else flags._values[arg[2..]] = "true";
        }
        return flags;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public string Require(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required");

    public int Port(string name, int fallback) => Get(name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
