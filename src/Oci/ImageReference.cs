using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Gravity.Oci;

/// <summary>
/// A container image reference in Docker's grammar (distribution/reference), normalised the way the Docker CLI does it:
/// <c>nginx</c> is <c>docker.io/library/nginx:latest</c>. A reference that names a digest keeps no implied tag.
/// </summary>
public sealed partial record ImageReference
{
    public const string DefaultRegistry = "docker.io";
    public const string DefaultTag = "latest";
    public const int NameTotalLengthMax = 255;

    private ImageReference(string registry, string repository, string? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>Registry host with optional port: <c>docker.io</c>, <c>localhost:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>Repository path inside the registry: <c>library/nginx</c>.</summary>
    public string Repository { get; }

    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>registry/repository, without tag or digest.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>What to ask the registry's manifest endpoint for: the digest when there is one, else the tag.</summary>
    public string Reference => Digest?.ToString() ?? Tag ?? DefaultTag;

    /// <summary>The short form the Docker CLI shows (<c>nginx:latest</c>, <c>quay.io/a/b:1</c>).</summary>
    public string FamiliarString
    {
        get
        {
            var name = Registry == DefaultRegistry
                ? Repository.StartsWith("library/", StringComparison.Ordinal) && Repository.IndexOf('/', 8) < 0 ? Repository[8..] : Repository
                : Name;
            return name + Suffix;
        }
    }

    private string Suffix => (Tag is null ? "" : ":" + Tag) + (Digest is { } d ? "@" + d : "");

    public override string ToString() => Name + Suffix;

    public ImageReference WithRegistry(string registry)
    {
        if (!DomainRegex().IsMatch(registry)) throw new FormatException($"invalid registry '{registry}'");
        return new ImageReference(registry, Repository, Tag, Digest);
    }

    public ImageReference WithRepository(string repository)
    {
        if (!PathRegex().IsMatch(repository)) throw new FormatException($"invalid repository '{repository}'");
        return new ImageReference(Registry, repository, Tag, Digest);
    }

    public ImageReference WithTag(string? tag)
    {
        if (tag is not null && !TagRegex().IsMatch(tag)) throw new FormatException($"invalid tag '{tag}'");
        return new ImageReference(Registry, Repository, tag, Digest);
    }

    public ImageReference WithDigest(Digest? digest) => new(Registry, Repository, Tag, digest);

    public static ImageReference Parse(string value)
        => TryParse(value, out var reference, out var error) ? reference : throw new FormatException(error);

    public static bool TryParse(string? value, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        error = Validate(value, out var registry, out var repository, out var tag, out var digest);
        if (error is not null) return false;
        // Docker's TagNameOnly: only a bare name gets the default tag; a digest pins the image by itself.
        if (tag is null && digest is null) tag = DefaultTag;
        reference = new ImageReference(registry!, repository!, tag, digest);
        return true;
    }

    private static string? Validate(string? value, out string? registry, out string? repository, out string? tag, out Digest? digest)
    {
        registry = repository = tag = null;
        digest = null;
        if (string.IsNullOrEmpty(value)) return "invalid reference format: empty reference";
        if (AnchoredIdentifierRegex().IsMatch(value))
            return $"invalid repository name ({value}), cannot specify 64-byte hexadecimal strings";

        var m = ReferenceRegex().Match(value);
        if (!m.Success)
        {
            // Same diagnosis as distribution/reference: an otherwise valid reference with capitals in its path.
            return ReferenceRegex().IsMatch(value.ToLowerInvariant())
                ? $"invalid reference format '{value}': repository name must be lowercase"
                : $"invalid reference format '{value}'";
        }
        var name = m.Groups["name"].Value;
        if (name.Length > NameTotalLengthMax)
            return $"invalid reference format '{value}': repository name must not be more than {NameTotalLengthMax} characters";

        (registry, repository) = SplitDockerDomain(name);
        if (repository.ToLowerInvariant() != repository)
            return $"invalid reference format '{value}': repository name must be lowercase";

        if (m.Groups["tag"].Success) tag = m.Groups["tag"].Value;
        if (m.Groups["digest"].Success)
        {
            var d = m.Groups["digest"].Value;
            if (!Oci.Digest.TryParse(d, out var parsed))
                return $"invalid reference format '{value}': unsupported or malformed digest '{d}'";
            digest = parsed;
        }
        return null;
    }

    /// <summary>distribution/reference's splitDockerDomain: the first component is a registry only when it looks like a host.</summary>
    private static (string Registry, string Repository) SplitDockerDomain(string name)
    {
        string domain, remainder;
        var i = name.IndexOf('/');
        if (i < 0 || (name.AsSpan(0, i).IndexOfAny('.', ':') < 0 && name[..i] != "localhost" && name[..i].ToLowerInvariant() == name[..i]))
        {
            domain = DefaultRegistry;
            remainder = name;
        }
        else
        {
            domain = name[..i];
            remainder = name[(i + 1)..];
        }
        if (domain == "index.docker.io") domain = DefaultRegistry;
        if (domain == DefaultRegistry && !remainder.Contains('/')) remainder = "library/" + remainder;
        return (domain, remainder);
    }

    private const string Alphanumeric = "[a-z0-9]+";
    private const string Separator = "(?:[._]|__|[-]*)";
    private const string PathComponent = Alphanumeric + "(?:" + Separator + Alphanumeric + ")*";
    private const string DomainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string Domain = DomainComponent + @"(?:\." + DomainComponent + ")*(?::[0-9]+)?";
    private const string Tag_ = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private const string Digest_ = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private const string NameGrammar = "(?:" + Domain + "/)?" + PathComponent + "(?:/" + PathComponent + ")*";

    [GeneratedRegex("^(?<name>" + NameGrammar + ")(?::(?<tag>" + Tag_ + "))?(?:@(?<digest>" + Digest_ + "))?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceRegex();

    [GeneratedRegex("^" + Domain + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex DomainRegex();

    [GeneratedRegex("^" + PathComponent + "(?:/" + PathComponent + ")*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PathRegex();

    [GeneratedRegex("^" + Tag_ + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex TagRegex();

    [GeneratedRegex(@"^[a-f0-9]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AnchoredIdentifierRegex();
}
