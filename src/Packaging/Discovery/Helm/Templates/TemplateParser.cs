using System.Globalization;
using System.Text;

namespace Gravity.Packaging.Discovery.Helm.Templates;

/// <summary>
/// Parses Go text/template source as Helm uses it: text, actions with trim markers, comments, if/else if/else, range,
/// with, define, template, block, break, continue, pipelines with variables, fields, literals and parentheses.
/// Named templates (<c>define</c>, <c>block</c>) go into <see cref="Defines"/>.
/// </summary>
internal sealed class TemplateParser
{
    private const int MaxDepth = 100;
    private readonly string _file;
    private readonly string _text;
    private readonly Dictionary<string, IReadOnlyList<TemplateNode>> _defines;
    private int _pos;
    private int _line = 1;
    private int _depth;

    private TemplateParser(string file, string text, Dictionary<string, IReadOnlyList<TemplateNode>> defines)
    {
        _file = file;
        _text = text;
        _defines = defines;
    }

    /// <summary>Parses <paramref name="text"/>; its named templates are added to <paramref name="defines"/>.</summary>
    /// <exception cref="TemplateSyntaxException">The template does not parse.</exception>
    public static IReadOnlyList<TemplateNode> Parse(string file, string text, Dictionary<string, IReadOnlyList<TemplateNode>> defines)
    {
        var parser = new TemplateParser(file, text, defines);
        var (nodes, end) = parser.ParseList();
        if (end is not null) throw parser.Error(end.Value.Line, $"unexpected {{{{{end.Value.Keyword}}}}}");
        return nodes;
    }

    private readonly record struct Terminator(string Keyword, string Rest, int Line);

    /// <summary>Nodes up to an <c>end</c> or <c>else</c> (returned), or to the end of the text (null).</summary>
    private (List<TemplateNode> Nodes, Terminator? End) ParseList()
    {
        if (++_depth > MaxDepth) throw Error(_line, "templates nested too deeply");
        var nodes = new List<TemplateNode>();
        try
        {
            while (true)
            {
                var (text, textLine, action, actionLine, trimLeft) = NextChunk();
                if (text.Length > 0) nodes.Add(new TextNode(_file, textLine, text));
                if (action is null) return (nodes, null);
                _ = trimLeft;
                var body = action.Trim();
                if (body.StartsWith("/*", StringComparison.Ordinal))
                {
                    if (!body.EndsWith("*/", StringComparison.Ordinal)) throw Error(actionLine, "unclosed comment");
                    continue;
                }
                var tokens = new TemplateLexer(_file, actionLine, body).Tokens();
                if (tokens.Count == 0) throw Error(actionLine, "missing value for command");
                var keyword = tokens[0].Kind == TokenKind.Identifier ? tokens[0].Text : "";
                var rest = tokens.Skip(1).ToList();
                switch (keyword)
                {
                    case "end":
                    case "else":
                        return (nodes, new Terminator(keyword, body[keyword.Length..].Trim(), actionLine));
                    case "if":
                        nodes.Add(ParseIf(actionLine, rest));
                        break;
                    case "range":
                    case "with":
                    {
                        var pipe = new PipelineParser(_file, actionLine, rest).ParsePipeline(allowDeclaration: true);
                        var (then, otherwise) = ParseBranches(actionLine, keyword);
                        nodes.Add(keyword == "range"
                            ? new RangeNode(_file, actionLine, pipe, then, otherwise)
                            : new WithNode(_file, actionLine, pipe, then, otherwise));
                        break;
                    }
                    case "define":
                    {
                        var name = NameOf(rest, actionLine, "define");
                        var (body2, end) = ParseList();
                        if (end is not { Keyword: "end" }) throw Error(actionLine, $"unclosed define \"{name}\"");
                        _defines[name] = body2;
                        break;
                    }
                    case "block":
                    {
                        var name = NameOf(rest, actionLine, "block");
                        var arg = rest.Count > 1 ? new PipelineParser(_file, actionLine, rest.Skip(1).ToList()).ParsePipeline(false) : null;
                        var (body2, end) = ParseList();
                        if (end is not { Keyword: "end" }) throw Error(actionLine, $"unclosed block \"{name}\"");
                        _defines.TryAdd(name, body2);
                        nodes.Add(new TemplateCallNode(_file, actionLine, name, arg));
                        break;
                    }
                    case "template":
                    {
                        var name = NameOf(rest, actionLine, "template");
                        var arg = rest.Count > 1 ? new PipelineParser(_file, actionLine, rest.Skip(1).ToList()).ParsePipeline(false) : null;
                        nodes.Add(new TemplateCallNode(_file, actionLine, name, arg));
                        break;
                    }
                    case "break":
                        nodes.Add(new BreakNode(_file, actionLine));
                        break;
                    case "continue":
                        nodes.Add(new ContinueNode(_file, actionLine));
                        break;
                    default:
                        nodes.Add(new ActionNode(_file, actionLine, new PipelineParser(_file, actionLine, tokens).ParsePipeline(allowDeclaration: true)));
                        break;
                }
            }
        }
        finally
        {
            _depth--;
        }
    }

    private IfNode ParseIf(int line, List<Token> conditionTokens)
    {
        var condition = new PipelineParser(_file, line, conditionTokens).ParsePipeline(allowDeclaration: true);
        var (then, end) = ParseList();
        switch (end)
        {
            case { Keyword: "end" }:
                return new IfNode(_file, line, condition, then, null);
            case { Keyword: "else" } e when e.Rest.StartsWith("if ", StringComparison.Ordinal) || e.Rest == "if":
                // else if: the rest of the chain is a nested if that shares this if's end.
                var nested = ParseIf(e.Line, new TemplateLexer(_file, e.Line, e.Rest).Tokens().Skip(1).ToList());
                return new IfNode(_file, line, condition, then, [nested]);
            case { Keyword: "else" } e when e.Rest.Length == 0:
                var (otherwise, end2) = ParseList();
                if (end2 is not { Keyword: "end" }) throw Error(line, "if without end");
                return new IfNode(_file, line, condition, then, otherwise);
            case { Keyword: "else" } e when e.Rest.StartsWith("with ", StringComparison.Ordinal):
                var pipe = new PipelineParser(_file, e.Line, new TemplateLexer(_file, e.Line, e.Rest).Tokens().Skip(1).ToList()).ParsePipeline(true);
                var (body, otherwise2) = ParseBranches(e.Line, "with");
                return new IfNode(_file, line, condition, then, [new WithNode(_file, e.Line, pipe, body, otherwise2)]);
            default:
                throw Error(line, "if without end");
        }
    }

    /// <summary>The body of range/with and its else (a chained <c>else with</c> becomes a nested with).</summary>
    private (List<TemplateNode> Body, List<TemplateNode>? Else) ParseBranches(int line, string keyword)
    {
        var (body, end) = ParseList();
        switch (end)
        {
            case { Keyword: "end" }:
                return (body, null);
            case { Keyword: "else" } e when e.Rest.Length == 0:
                var (otherwise, end2) = ParseList();
                if (end2 is not { Keyword: "end" }) throw Error(line, $"{keyword} without end");
                return (body, otherwise);
            case { Keyword: "else" } e when e.Rest.StartsWith(keyword + " ", StringComparison.Ordinal):
                var pipe = new PipelineParser(_file, e.Line, new TemplateLexer(_file, e.Line, e.Rest).Tokens().Skip(1).ToList()).ParsePipeline(true);
                var (inner, innerElse) = ParseBranches(e.Line, keyword);
                TemplateNode nested = keyword == "range"
                    ? new RangeNode(_file, e.Line, pipe, inner, innerElse)
                    : new WithNode(_file, e.Line, pipe, inner, innerElse);
                return (body, [nested]);
            default:
                throw Error(line, $"{keyword} without end");
        }
    }

    private string NameOf(List<Token> tokens, int line, string keyword)
        => tokens.Count > 0 && tokens[0].Kind == TokenKind.String ? (string)tokens[0].Value!
            : throw Error(line, $"{keyword} needs a quoted template name");

    /// <summary>The text before the next action (trimmed as the markers say) and the action's inside.</summary>
    private (string Text, int TextLine, string? Action, int ActionLine, bool TrimLeft) NextChunk()
    {
        var textLine = _line;
        var open = _text.IndexOf("{{", _pos, StringComparison.Ordinal);
        if (open < 0)
        {
            var tail = _text[_pos..];
            Advance(_text.Length);
            return (tail, textLine, null, 0, false);
        }
        var trimLeft = open + 3 < _text.Length && _text[open + 2] == '-' && IsSpace(_text[open + 3]);
        var text = _text[_pos..open];
        if (trimLeft) text = text.TrimEnd(' ', '\t', '\r', '\n');
        Advance(open);
        var actionLine = _line;
        var start = open + (trimLeft ? 3 : 2);
        var close = FindClose(start, actionLine);
        var trimRight = close >= 2 && _text[close - 1] == '-' && IsSpace(_text[close - 2]);
        var action = _text[start..(trimRight ? close - 1 : close)];
        Advance(close + 2);
        if (trimRight)
        {
            var after = _pos;
            while (after < _text.Length && IsSpace(_text[after])) after++;
            Advance(after);
        }
        return (text, textLine, action, actionLine, trimLeft);
    }

    /// <summary>The index of the "}}" closing an action, skipping strings and comments.</summary>
    private int FindClose(int start, int line)
    {
        var i = start;
        while (i < _text.Length)
        {
            var c = _text[i];
            if (c == '/' && i + 1 < _text.Length && _text[i + 1] == '*')
            {
                var end = _text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) throw Error(line, "unclosed comment");
                i = end + 2;
                continue;
            }
            if (c is '"' or '`' or '\'')
            {
                i++;
                while (i < _text.Length && _text[i] != c)
                {
                    if (c != '`' && _text[i] == '\\') i++;
                    else if (c != '`' && _text[i] == '\n') throw Error(line, "unterminated quoted string");
                    i++;
                }
                if (i >= _text.Length) throw Error(line, "unterminated quoted string");
                i++;
                continue;
            }
            if (c == '}' && i + 1 < _text.Length && _text[i + 1] == '}') return i;
            i++;
        }
        throw Error(line, "unclosed action");
    }

    private void Advance(int to)
    {
        for (var i = _pos; i < to; i++) if (_text[i] == '\n') _line++;
        _pos = to;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private TemplateSyntaxException Error(int line, string message) => new(_file, line, message);
}

internal enum TokenKind { Identifier, Field, Variable, String, Number, Bool, Nil, Dot, LeftParen, RightParen, Pipe, Declare, Assign, Comma }

internal readonly record struct Token(TokenKind Kind, string Text, object? Value = null)
{
    /// <summary>Whether space separates this token from the one before (<c>(x).a</c> is a field of x, <c>(x) .a</c> is not).</summary>
    public bool SpaceBefore { get; init; }
}

/// <summary>Splits the inside of an action into tokens.</summary>
internal sealed class TemplateLexer(string file, int line, string text)
{
    public List<Token> Tokens()
    {
        var tokens = new List<Token>();
        var i = 0;
        var space = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; space = true; continue; }
            var before = tokens.Count;
            Lex(tokens, ref i, c);
            if (tokens.Count > before) tokens[^1] = tokens[^1] with { SpaceBefore = space };
            space = false;
        }
        return tokens;
    }

    private void Lex(List<Token> tokens, ref int i, char c)
    {
        {
            switch (c)
            {
                case '(': tokens.Add(new Token(TokenKind.LeftParen, "(")); i++; return;
                case ')': tokens.Add(new Token(TokenKind.RightParen, ")")); i++; return;
                case '|': tokens.Add(new Token(TokenKind.Pipe, "|")); i++; return;
                case ',': tokens.Add(new Token(TokenKind.Comma, ",")); i++; return;
                case '=': tokens.Add(new Token(TokenKind.Assign, "=")); i++; return;
                case ':' when i + 1 < text.Length && text[i + 1] == '=': tokens.Add(new Token(TokenKind.Declare, ":=")); i += 2; return;
                case '"': { var (s, end) = ReadQuoted(i); tokens.Add(new Token(TokenKind.String, text[i..end], s)); i = end; return; }
                case '`':
                {
                    var end = text.IndexOf('`', i + 1);
                    if (end < 0) throw new TemplateSyntaxException(file, line, "unterminated raw string");
                    tokens.Add(new Token(TokenKind.String, text[i..(end + 1)], text[(i + 1)..end]));
                    i = end + 1;
                    return;
                }
                case '\'':
                {
                    var end = text.IndexOf('\'', i + 1);
                    if (end < 0) throw new TemplateSyntaxException(file, line, "unterminated character constant");
                    var ch = System.Text.RegularExpressions.Regex.Unescape(text[(i + 1)..end]);
                    tokens.Add(new Token(TokenKind.Number, text[i..(end + 1)], ch.Length > 0 ? (long)ch[0] : 0L));
                    i = end + 1;
                    return;
                }
                case '.' when i + 1 < text.Length && (char.IsLetter(text[i + 1]) || text[i + 1] == '_'):
                {
                    var end = i + 1;
                    while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '.')) end++;
                    tokens.Add(new Token(TokenKind.Field, text[i..end]));
                    i = end;
                    return;
                }
                case '.' when i + 1 < text.Length && char.IsDigit(text[i + 1]):
                    break;   // a number like .5
                case '.':
                    tokens.Add(new Token(TokenKind.Dot, "."));
                    i++;
                    return;
                case '$':
                {
                    var end = i + 1;
                    while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '.')) end++;
                    tokens.Add(new Token(TokenKind.Variable, text[i..end]));
                    i = end;
                    return;
                }
            }
            if (char.IsDigit(c) || c is '-' or '+' or '.')
            {
                var end = i + 1;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '.' or '_' || (text[end] is '-' or '+' && text[end - 1] is 'e' or 'E'))) end++;
                var literal = text[i..end];
                tokens.Add(new Token(TokenKind.Number, literal, ParseNumber(literal)));
                i = end;
                return;
            }
            if (char.IsLetter(c) || c == '_')
            {
                var end = i + 1;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) end++;
                var word = text[i..end];
                tokens.Add(word switch
                {
                    "true" => new Token(TokenKind.Bool, word, true),
                    "false" => new Token(TokenKind.Bool, word, false),
                    "nil" => new Token(TokenKind.Nil, word),
                    _ => new Token(TokenKind.Identifier, word),
                });
                // A field chain straight after an identifier is not Go syntax, except in else-less keywords; leave it.
                i = end;
                return;
            }
            throw new TemplateSyntaxException(file, line, $"unexpected \"{c}\" in action");
        }
    }

    private (string Value, int End) ReadQuoted(int start)
    {
        var sb = new StringBuilder();
        var i = start + 1;
        while (i < text.Length && text[i] != '"')
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                var e = text[i + 1];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case '\\': sb.Append('\\'); break;
                    case '"': sb.Append('"'); break;
                    case '\'': sb.Append('\''); break;
                    case 'u' when i + 5 < text.Length && int.TryParse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                        sb.Append((char)code); i += 4; break;
                    default: sb.Append('\\').Append(e); break;
                }
                i += 2;
                continue;
            }
            sb.Append(text[i++]);
        }
        if (i >= text.Length) throw new TemplateSyntaxException(file, line, "unterminated quoted string");
        return (sb.ToString(), i + 1);
    }

    private object ParseNumber(string literal)
    {
        var s = literal.Replace("_", "");
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && long.TryParse(s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h)) return h;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        throw new TemplateSyntaxException(file, line, $"bad number syntax: \"{literal}\"");
    }
}

/// <summary>Parses the tokens of one action into a pipeline.</summary>
internal sealed class PipelineParser(string file, int line, List<Token> tokens)
{
    private int _i;

    public Pipeline ParsePipeline(bool allowDeclaration)
    {
        var pipe = Pipe(allowDeclaration, closing: null);
        if (_i < tokens.Count) throw new TemplateSyntaxException(file, line, $"unexpected \"{tokens[_i].Text}\" in command");
        return pipe;
    }

    private Pipeline Pipe(bool allowDeclaration, TokenKind? closing)
    {
        var variables = new List<string>();
        var assignment = false;
        if (allowDeclaration && Peek(TokenKind.Variable))
        {
            var save = _i;
            var names = new List<string> { tokens[_i++].Text };
            if (Peek(TokenKind.Comma)) { _i++; if (Peek(TokenKind.Variable)) names.Add(tokens[_i++].Text); }
            if (Peek(TokenKind.Declare) || Peek(TokenKind.Assign))
            {
                assignment = tokens[_i].Kind == TokenKind.Assign;
                _i++;
                variables = names;
            }
            else _i = save;
        }
        var commands = new List<Command>();
        while (true)
        {
            var operands = new List<Operand>();
            while (_i < tokens.Count && tokens[_i].Kind is not (TokenKind.Pipe or TokenKind.RightParen)) operands.Add(Operand());
            if (operands.Count == 0) throw new TemplateSyntaxException(file, line, "missing value for command");
            commands.Add(new Command(operands));
            if (Peek(TokenKind.Pipe)) { _i++; continue; }
            break;
        }
        if (closing is { } kind)
        {
            if (!Peek(kind)) throw new TemplateSyntaxException(file, line, "unclosed left paren");
            _i++;
        }
        return new Pipeline(variables, assignment, commands);
    }

    private Operand Operand()
    {
        var t = tokens[_i++];
        switch (t.Kind)
        {
            case TokenKind.Field: return new FieldOperand(Chain(t.Text[1..]).Concat(TrailingFields()).ToList());
            case TokenKind.Dot: return new FieldOperand(TrailingFields());
            case TokenKind.Variable:
            {
                var parts = t.Text.Split('.');
                return new VariableOperand(parts[0], parts.Skip(1).Concat(TrailingFields()).ToList());
            }
            case TokenKind.String or TokenKind.Number or TokenKind.Bool: return new LiteralOperand(t.Value);
            case TokenKind.Nil: return new LiteralOperand(null);
            case TokenKind.Identifier: return new FunctionOperand(t.Text);
            case TokenKind.LeftParen:
                var pipe = Pipe(allowDeclaration: false, closing: TokenKind.RightParen);
                return new SubPipelineOperand(pipe, TrailingFields());
            default:
                throw new TemplateSyntaxException(file, line, $"unexpected \"{t.Text}\" in operand");
        }
    }

    /// <summary>Field tokens glued to the operand before them (<c>(x).a.b</c>).</summary>
    private List<string> TrailingFields()
    {
        var chain = new List<string>();
        while (Peek(TokenKind.Field) && Glued()) chain.AddRange(Chain(tokens[_i++].Text[1..]));
        return chain;
    }

    private bool Glued() => _i > 0 && tokens[_i - 1].Kind == TokenKind.RightParen && !tokens[_i].SpaceBefore;

    private static IEnumerable<string> Chain(string dotted) => dotted.Split('.', StringSplitOptions.RemoveEmptyEntries);

    private bool Peek(TokenKind kind) => _i < tokens.Count && tokens[_i].Kind == kind;
}
