namespace Gravity.Preflight;

public enum CheckStatus { Passed, Failed, Skipped }

/// <summary>One row of the preflight report: the check's name (what --skip takes), its outcome and a message an operator can act on.</summary>
public sealed record CheckResult(string Name, CheckStatus Status, string Message)
{
    public static CheckResult Pass(string name, string message) => new(name, CheckStatus.Passed, message);
    public static CheckResult Fail(string name, string message) => new(name, CheckStatus.Failed, message);
    public static CheckResult Skip(string name, string message) => new(name, CheckStatus.Skipped, message);
}
