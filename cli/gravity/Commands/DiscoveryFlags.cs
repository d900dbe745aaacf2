using System.CommandLine;
using Gravity.Cluster.Operations.Expand.Discovery;
using Gravity.Core;

namespace Gravity.Cli.Node.Commands;

/// <summary>Where `gravity autojoin` looks and `gravity discovery publish` writes: the SSM Parameter Store, or a plain file/URL.</summary>
internal sealed class DiscoveryFlags
{
    public Option<string?> Provider { get; } = new("--provider") { Description = "ssm (AWS Systems Manager Parameter Store, the default) or file (--discovery-file)" };
    public Option<string?> SsmEndpoint { get; } = new("--ssm-endpoint") { Description = "Service URL of the Parameter Store (a VPC endpoint; default: the region's endpoint)" };
    public Option<string?> AwsRegion { get; } = new("--aws-region") { Description = "AWS region of the Parameter Store (default: AWS_REGION, the profile, the instance metadata)" };
    public Option<string?> File { get; } = new("--discovery-file") { Description = "A JSON file {\"cluster\",\"peer\",\"token\"} (root's, not writable by others, at most 64 KiB)" };
    public Option<string?> Url { get; } = new("--discovery-url") { Description = "An https URL serving that JSON document (autojoin only)" };
    public Option<string?> Ca { get; } = new("--discovery-ca") { Description = "PEM CA that alone is trusted for --discovery-url (default: the system's CAs)" };

    public void AddTo(Command cmd, bool withUrl)
    {
        foreach (var o in withUrl ? new Option[] { Provider, SsmEndpoint, AwsRegion, File, Url, Ca } : [Provider, SsmEndpoint, AwsRegion, File])
            cmd.Options.Add(o);
    }

    public IJoinDiscovery Discovery(ParseResult p)
    {
        if (p.GetValue(Url) is { } url)
        {
            if (p.GetValue(File) is not null) throw new GravityException("give --discovery-url or --discovery-file, not both");
            return new UrlJoinDiscovery(url, p.GetValue(Ca));
        }
        return Kind(p) == "file" ? new FileJoinDiscovery(RequiredFile(p)) : Ssm(p);
    }

    public IJoinDiscoveryPublisher Publisher(ParseResult p) => Kind(p) == "file" ? new FileJoinDiscovery(RequiredFile(p)) : Ssm(p);

    private string Kind(ParseResult p) => p.GetValue(Provider) switch
    {
        null => p.GetValue(File) is null ? "ssm" : "file",
        var k when k is "ssm" or "file" => k,
        var other => throw new GravityException($"--provider {other}: use ssm or file"),
    };

    private string RequiredFile(ParseResult p) => p.GetValue(File) ?? throw new GravityException("--provider file needs --discovery-file PATH");

    private SsmJoinDiscovery Ssm(ParseResult p)
    {
        Uri? endpoint = null;
        if (p.GetValue(SsmEndpoint) is { } e && (!Uri.TryCreate(e, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("https" or "http")))
            throw new GravityException($"--ssm-endpoint {e}: give a URL (https://ssm.REGION.amazonaws.com or a VPC endpoint)");
        var options = new SsmDiscoveryOptions { Endpoint = endpoint, Region = p.GetValue(AwsRegion) };
        return new SsmJoinDiscovery(SsmClientFactory.Create(options), SsmClientFactory.Describe(options));
    }
}
