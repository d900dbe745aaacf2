using Gravity.Oci;

namespace Gravity.Registry;

/// <summary>
/// Where a repository's links live (distribution's layout):
/// <code>
/// repositories/&lt;name&gt;/_layers/&lt;alg&gt;/&lt;hex&gt;/link                       blob linked into the repository
/// repositories/&lt;name&gt;/_manifests/revisions/&lt;alg&gt;/&lt;hex&gt;/link           manifest revision (+ mediatype)
/// repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;/current/link                tag -> manifest digest
/// repositories/&lt;name&gt;/_referrers/&lt;alg&gt;/&lt;subject hex&gt;/&lt;alg&gt;-&lt;hex&gt;.json  descriptor of a referrer
/// </code>
/// Only validated names, tags and digests reach this type, and their grammars contain no path separators other than
/// the name's own '/' between safe components, so every path stays under the repositories folder.
/// </summary>
internal sealed class RepositoryPaths(string repositoriesRoot)
{
    public string Root { get; } = repositoriesRoot;

    public string Repository(string name)
    {
        if (!RepositoryName.IsValid(name)) throw new RegistryErrorException(RegistryErrorCodes.NameInvalid, $"invalid repository name '{name}'");
        return Path.Combine(Root, name);
    }

    public string Layer(string name, Digest d) => Path.Combine(Repository(name), "_layers", d.Algorithm, d.Hex);

    public string Revision(string name, Digest d) => Path.Combine(Repository(name), "_manifests", "revisions", d.Algorithm, d.Hex);

    public string Tags(string name) => Path.Combine(Repository(name), "_manifests", "tags");

    public string Tag(string name, string tag)
    {
        if (!RepositoryName.IsValidTag(tag)) throw new RegistryErrorException(RegistryErrorCodes.ManifestInvalid, $"invalid tag '{tag}'");
        return Path.Combine(Tags(name), tag);
    }

    public string ReferrersOf(string name, Digest subject) => Path.Combine(Repository(name), "_referrers", subject.Algorithm, subject.Hex);

    public string Referrer(string name, Digest subject, Digest referrer)
        => Path.Combine(ReferrersOf(name, subject), $"{referrer.Algorithm}-{referrer.Hex}.json");
}
