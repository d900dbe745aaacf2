namespace Gravity.Registry;

/// <summary>What a registry request needs to do. Pull also covers the /v2/ version check (with a null repository).</summary>
public enum RegistryAction
{
    Pull,
    Push,
    Delete,
    Catalog,
}
