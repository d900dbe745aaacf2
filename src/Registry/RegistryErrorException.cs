namespace Gravity.Registry;

/// <summary>A request the registry refuses, carrying the specification's error code (mapped to an HTTP status by the server).</summary>
public sealed class RegistryErrorException(string code, string message, object? detail = null) : Exception(message)
{
    public string Code { get; } = code;
    public object? Detail { get; } = detail;
}
