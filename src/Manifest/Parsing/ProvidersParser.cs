namespace Gravity.Manifest.Parsing;

internal static class ProvidersParser
{
    public static ProvidersSpec? Parse(MappingReader? r)
    {
        if (r is null) return null;
        var spec = new ProvidersSpec
        {
            Default = r.Enum("default", ManifestValues.DefaultProviders),
            Aws = Provider(r.Object("aws"), ManifestValues.AwsNetworkTypes, "aws-vpc"),
            Gce = Provider(r.Object("gce"), ManifestValues.NetworkTypes, "vxlan"),
            Azure = Provider(r.Object("azure"), ManifestValues.NetworkTypes, "vxlan"),
            Generic = Provider(r.Object("generic"), ManifestValues.NetworkTypes, "vxlan"),
        };
        var chosen = spec.Default switch { "aws" => spec.Aws, "gce" => spec.Gce, "generic" => spec.Generic, _ => null };
        if (chosen?.Disabled == true)
            r.Context.Error(r.PathOf("default"), $"the default provider \"{spec.Default}\" is disabled");
        r.RejectUnknown();
        return spec;
    }

    private static ProviderSpec? Provider(MappingReader? r, IReadOnlyList<string> networkTypes, string defaultNetwork)
    {
        if (r is null) return null;
        var spec = new ProviderSpec
        {
            Terraform = Terraform(r.Object("terraform")),
            Regions = r.StringList("regions"),
            Network = Network(r.Object("network"), networkTypes, defaultNetwork),
            IamPolicy = Iam(r.Object("iamPolicy")),
            Disabled = r.Bool("disabled") ?? false,
        };
        r.RejectUnknown();
        return spec;
    }

    private static TerraformSpec? Terraform(MappingReader? r)
    {
        if (r is null) return null;
        var spec = new TerraformSpec { Script = r.String("script"), InstanceScript = r.String("instanceScript") };
        r.RejectUnknown();
        return spec;
    }

    private static ProviderNetwork? Network(MappingReader? r, IReadOnlyList<string> types, string defaultType)
    {
        if (r is null) return null;
        var spec = new ProviderNetwork { Type = r.Enum("type", types) ?? defaultType };
        r.RejectUnknown();
        return spec;
    }

    private static IamPolicy? Iam(MappingReader? r)
    {
        if (r is null) return null;
        var spec = new IamPolicy { Version = r.String("version"), Actions = r.StringList("actions") };
        r.RejectUnknown();
        return spec;
    }
}
