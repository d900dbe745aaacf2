namespace Gravity.Manifest.Tests;

/// <summary>Damaged manifests give errors, never exceptions.</summary>
public class RobustnessTests
{
    private static readonly string Sample = File.ReadAllText(Fixtures.SampleManifest);

    [Fact]
    public void Every_truncation_of_the_sample_parses_or_reports_errors()
    {
        var unpositioned = new List<string>();
        for (var length = 0; length < Sample.Length; length += 29)
        {
            var result = ManifestLoader.Parse(Sample[..length], "app.yaml");
            if (result.Succeeded) continue;
            if (result.Errors.Count == 0 || result.Errors.Any(e => e.Line < 1 || e.Column < 1 || e.File != "app.yaml"))
                unpositioned.Add($"length {length}: {result.ErrorText}");
        }
        unpositioned.Should().BeEmpty();
    }

    [Fact]
    public void Mangled_characters_never_throw()
    {
        var random = new Random(42);
        const string noise = ":-[]{}\"'|>&*!%@`#\t\n ,?";
        for (var round = 0; round < 100; round++)
        {
            var chars = Sample.ToCharArray();
            for (var i = 0; i < 3; i++) chars[random.Next(chars.Length)] = noise[random.Next(noise.Length)];
            var act = () => ManifestLoader.Parse(new string(chars), "app.yaml");
            act.Should().NotThrow();
        }
    }
}
