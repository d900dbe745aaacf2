using System.CommandLine;
using Gravity.Core;

namespace Gravity.Cli;

/// <summary>
/// Wraps a command's body so that every command of tele and gravity reports failures the same way:
/// a <see cref="GravityException"/> prints "error: message" on stderr and exits 1 (with the stack trace under --debug);
/// Ctrl-C exits 130; anything unexpected exits 1 with its type and message.
/// </summary>
public static class CommandAction
{
    public static readonly Option<bool> Debug = new("--debug") { Description = "Print stack traces and extra diagnostics", Recursive = true };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print nothing but errors and requested output", Recursive = true };

    public static void Set(Command command, Func<ParseResult, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parseResult, ct) =>
        {
            var debug = parseResult.GetValue(Debug);
            try
            {
                return await body(parseResult, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                Console.Error.WriteLine("interrupted");
                return 130;
            }
            catch (GravityException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                if (debug) Console.Error.WriteLine(ex);
                return 1;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or HttpRequestException or InvalidDataException or FormatException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                if (debug) Console.Error.WriteLine(ex);
                return 1;
            }
        });
    }

    /// <summary>True when progress bars may be drawn: stderr is a terminal and the user did not ask for quiet.</summary>
    public static bool Interactive(ParseResult parseResult) => !parseResult.GetValue(Quiet) && !Console.IsErrorRedirected;
}
