using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gravity.Testing;

namespace Gravity.Manifest.Tests;

/// <summary>
/// Random damage to the sample manifests (byte flips, truncation, duplicated spans, inserted anchors, aliases, merge keys
/// and open brackets) never makes the loader throw or hang: every case ends, within a bound, in a result.
/// </summary>
public sealed class MutatedManifestProperties : IDisposable
{
    private static readonly string[] Tokens = ["&a ", "*a", "<<: *a", "[", "{", "&a [*a, *a]", "*a, *a, *a", "<<: [*a, *a]", "&a {<<: *a}", "\n- ", ": "];

    private readonly TempDir _dir = new("gravity-mutated");
    private readonly byte[][] _samples;

    public MutatedManifestProperties()
    {
        // The sample's folder is copied so that its file:// fields resolve as they do for a real build.
        var sample = Path.GetDirectoryName(Fixtures.SampleManifest)!;
        foreach (var file in Directory.GetFiles(sample)) File.Copy(file, _dir.Combine(Path.GetFileName(file)));
        _samples = [File.ReadAllBytes(Fixtures.SampleManifest), Encoding.UTF8.GetBytes(Marked.Header + Marked.NodeFlavor)];
    }

    public void Dispose() => _dir.Dispose();

    private abstract record Mutation
    {
        public abstract byte[] Apply(byte[] bytes);
    }

    private sealed record FlipByte(int At, byte Value) : Mutation
    {
        public override byte[] Apply(byte[] bytes)
        {
            if (bytes.Length == 0) return bytes;
            var copy = (byte[])bytes.Clone();
            copy[At % bytes.Length] = Value;
            return copy;
        }
    }

    private sealed record Truncate(int Length) : Mutation
    {
        public override byte[] Apply(byte[] bytes) => bytes[..Math.Min(Length, bytes.Length)];
    }

    private sealed record Duplicate(int From, int Length, int Times) : Mutation
    {
        public override byte[] Apply(byte[] bytes)
        {
            if (bytes.Length == 0) return bytes;
            var start = From % bytes.Length;
            var span = bytes.AsSpan(start, Math.Min(Length, bytes.Length - start)).ToArray();
            return [.. bytes[..start], .. Enumerable.Repeat(span, Times).SelectMany(s => s), .. bytes[start..]];
        }
    }

    private sealed record Insert(int At, string Token, int Times) : Mutation
    {
        public override byte[] Apply(byte[] bytes)
        {
            var at = bytes.Length == 0 ? 0 : At % (bytes.Length + 1);
            var inserted = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Token, Times)));
            return [.. bytes[..at], .. inserted, .. bytes[at..]];
        }
    }

    /// <summary>Lines that each repeat the previous anchor ten times: 10^Levels values once expanded, the shape of an
    /// alias bomb, inserted at the start of a line.</summary>
    private sealed record InsertAliasChain(int At, int Levels) : Mutation
    {
        public override byte[] Apply(byte[] bytes)
        {
            var at = bytes.Length == 0 ? 0 : At % (bytes.Length + 1);
            while (at > 0 && bytes[at - 1] != (byte)'\n') at--;
            var lines = new StringBuilder("x-c0: &c v\n");
            for (var i = 1; i <= Levels; i++) lines.Append($"x-c{i}: &c [{string.Join(", ", Enumerable.Repeat("*c", 10))}]\n");
            return [.. bytes[..at], .. Encoding.UTF8.GetBytes(lines.ToString()), .. bytes[at..]];
        }
    }

    private static Gen<Mutation> Mutations()
    {
        var position = Gen.Choose(0, 1 << 16);
        return Gen.OneOf(
            position.SelectMany(_ => Gen.Choose(0, 255), (at, value) => (Mutation)new FlipByte(at, (byte)value)),
            position.Select(length => (Mutation)new Truncate(length)),
            position.SelectMany(_ => Gen.Choose(1, 400), (from, length) => (from, length))
                .SelectMany(_ => Gen.Choose(1, 30), (fl, times) => (Mutation)new Duplicate(fl.from, fl.length, times)),
            position.SelectMany(_ => Gen.Elements(Tokens), (at, token) => (at, token))
                .SelectMany(_ => Gen.Elements(1, 2, 10, 200), (t, times) => (Mutation)new Insert(t.at, t.token, times)),
            position.SelectMany(_ => Gen.Choose(1, 9), (at, levels) => (Mutation)new InsertAliasChain(at, levels)));
    }

    private sealed record Case(int Sample, IReadOnlyList<Mutation> Mutations)
    {
        public override string ToString() => $"sample {Sample}: {string.Join(", ", Mutations)}";
    }

    private static Arbitrary<Case> Cases() =>
        Gen.Choose(0, 1).SelectMany(_ => Gen.Choose(1, 4).SelectMany(n => Gen.ListOf(Mutations(), n)),
            (sample, mutations) => new Case(sample, mutations.ToList())).ToArbitrary();

    [Property(MaxTest = 300, QuietOnSuccess = true)]
    public Property A_damaged_manifest_gives_a_result_never_an_exception_or_a_hang() =>
        Prop.ForAll(Cases(), c =>
        {
            var bytes = c.Mutations.Aggregate(_samples[c.Sample], (b, m) => m.Apply(b));
            var path = _dir.Combine("app.yaml");
            File.WriteAllBytes(path, bytes);
            // Generous: the machine may be busy. The attacks this guards against never end at all.
            var result = Bounded.LoadAsync(path, limit: TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            if (!result.Succeeded)
            {
                result.Errors.Should().NotBeEmpty();
                result.Errors.Should().OnlyContain(e => e.File == path && e.Line >= 0 && e.Column >= 0 && e.Message.Length > 0);
            }
        });
}
