namespace Gravity.Core;

/// <summary>An error meant for the user: its message says what went wrong and, where possible, what to do. The CLIs print it without a stack trace and exit 1.</summary>
public class GravityException : Exception
{
    public GravityException(string message) : base(message) { }
    public GravityException(string message, Exception inner) : base(message, inner) { }
}
