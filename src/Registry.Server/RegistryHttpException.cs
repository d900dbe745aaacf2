namespace Gravity.Registry.Server;

/// <summary>A refusal whose HTTP status is not the code's usual one (e.g. 413 with SIZE_INVALID).</summary>
internal sealed class RegistryHttpException(int status, string code, string message, object? detail = null) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public object? Detail { get; } = detail;
}
