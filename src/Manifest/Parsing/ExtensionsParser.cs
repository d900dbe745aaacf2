using Gravity.Manifest.Validation;

namespace Gravity.Manifest.Parsing;

/// <summary>extensions, license and dependencies.</summary>
internal static class ExtensionsParser
{
    public static ExtensionsSpec? Parse(MappingReader? r)
    {
        if (r is null) return null;
        var spec = new ExtensionsSpec
        {
            LogsDisabled = Disabled(r.Object("logs")),
            MonitoringDisabled = Disabled(r.Object("monitoring")),
            CatalogDisabled = Disabled(r.Object("catalog")),
            KubernetesDisabled = Disabled(r.Object("kubernetes")),
            ConfigurationDisabled = Disabled(r.Object("configuration")),
            Encryption = Encryption(r.Object("encryption")),
        };
        r.RejectUnknown();
        return spec;
    }

    private static bool Disabled(MappingReader? r)
    {
        if (r is null) return false;
        var disabled = r.Bool("disabled") ?? false;
        r.RejectUnknown();
        return disabled;
    }

    private static EncryptionSpec? Encryption(MappingReader? r)
    {
        if (r is null) return null;
        var spec = new EncryptionSpec
        {
            EncryptionKey = r.String("encryptionKey", required: true) ?? "",
            CaCert = r.String("caCert", required: true) ?? "",
        };
        r.RejectUnknown();
        return spec;
    }

    public static LicenseSpec? License(MappingReader? r)
    {
        if (r is null) return null;
        var spec = new LicenseSpec { Enabled = r.Bool("enabled") ?? false, Type = r.String("type") };
        r.RejectUnknown();
        return spec;
    }

    /// <summary>dependencies is free-form: packages and apps are read (package locators), other keys are allowed.</summary>
    public static DependenciesSpec? Dependencies(MappingReader? r)
    {
        if (r is null) return null;
        return new DependenciesSpec { Packages = Locators(r, "packages"), Apps = Locators(r, "apps") };
    }

    private static IReadOnlyList<string> Locators(MappingReader r, string key)
    {
        var locators = r.StringList(key);
        for (var i = 0; i < locators.Count; i++)
        {
            if (!Formats.IsPackageLocator(locators[i]))
                r.Context.Error(FieldPath.Index(r.PathOf(key), i), $"\"{locators[i]}\" is not a package locator (repository/name:semver)");
        }
        return locators;
    }
}
