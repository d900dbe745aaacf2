namespace Gravity.Packaging.Discovery.Helm.Templates;

/// <summary>
/// Executes parsed templates the way Go text/template does under Helm (missing keys print nothing), with the
/// functions of <see cref="TemplateFunctions"/>. What cannot be known becomes <see cref="Unresolved"/>: a condition on
/// it renders neither branch and is reported through <see cref="Warn"/>, so that nothing is read from a branch that
/// might not render.
/// </summary>
internal sealed class TemplateEvaluator
{
    private const int MaxIncludeDepth = 64;
    private const int MaxOutputChars = 8 << 20;
    private const int MaxRangeItems = 100_000;

    private readonly IReadOnlyDictionary<string, IReadOnlyList<TemplateNode>> _defines;
    private readonly Dictionary<string, IReadOnlyList<TemplateNode>> _tplCache = new(StringComparer.Ordinal);
    private readonly List<Unresolved> _unresolved = [];
    private int _includeDepth;
    private int _outputChars;

    public TemplateEvaluator(IReadOnlyDictionary<string, IReadOnlyList<TemplateNode>> defines, Action<string, int, string> warn)
    {
        _defines = defines;
        Warn = warn;
    }

    /// <summary>Reports (file, line, message) of something the reader could not decide.</summary>
    public Action<string, int, string> Warn { get; }

    /// <summary>The unresolved value whose marker is <paramref name="marker"/>'s id.</summary>
    public Unresolved? UnresolvedById(int id) => id >= 0 && id < _unresolved.Count ? _unresolved[id] : null;

    public Unresolved NewUnresolved(string file, int line, string reason)
    {
        var u = new Unresolved(_unresolved.Count, file, line, reason);
        _unresolved.Add(u);
        return u;
    }

    private enum Flow { Normal, Break, Continue }

    private sealed class Scope(object? root)
    {
        public List<(string Name, object? Value)> Variables { get; } = [("$", root)];
    }

    public RenderedText Render(IReadOnlyList<TemplateNode> nodes, object? data)
    {
        var output = new RenderedText();
        Execute(nodes, data, new Scope(data), output);
        return output;
    }

    /// <summary>The text a named template renders (include, template).</summary>
    public object? Include(string name, object? data, string file, int line)
    {
        if (!_defines.TryGetValue(name, out var body))
            return NewUnresolved(file, line, $"no template named \"{name}\"");
        if (_includeDepth >= MaxIncludeDepth) return NewUnresolved(file, line, $"template \"{name}\" includes itself too deeply");
        _includeDepth++;
        try
        {
            var output = new RenderedText();
            Execute(body, data, new Scope(data), output);
            return output.ToString();
        }
        finally { _includeDepth--; }
    }

    /// <summary>sprig/helm tpl: a string rendered as a template.</summary>
    public object? Tpl(string text, object? data, string file, int line)
    {
        if (!_tplCache.TryGetValue(text, out var nodes))
        {
            try
            {
                var defines = new Dictionary<string, IReadOnlyList<TemplateNode>>(StringComparer.Ordinal);
                nodes = TemplateParser.Parse(file, text, defines);
            }
            catch (TemplateSyntaxException e) { return NewUnresolved(file, line, $"tpl: {e.Message}"); }
            _tplCache[text] = nodes;
        }
        if (_includeDepth >= MaxIncludeDepth) return NewUnresolved(file, line, "tpl nested too deeply");
        _includeDepth++;
        try
        {
            var output = new RenderedText();
            Execute(nodes, data, new Scope(data), output);
            return output.ToString();
        }
        finally { _includeDepth--; }
    }

    private Flow Execute(IReadOnlyList<TemplateNode> nodes, object? dot, Scope scope, RenderedText output)
    {
        foreach (var node in nodes)
        {
            var flow = ExecuteNode(node, dot, scope, output);
            if (flow != Flow.Normal) return flow;
        }
        return Flow.Normal;
    }

    private Flow ExecuteNode(TemplateNode node, object? dot, Scope scope, RenderedText output)
    {
        switch (node)
        {
            case TextNode text:
                Emit(output, text.Text, text.File, text.Line, literal: true);
                return Flow.Normal;
            case ActionNode action:
            {
                var value = EvaluatePipeline(action.Pipe, dot, scope, action.File, action.Line);
                if (action.Pipe.Variables.Count == 0) Emit(output, TemplateData.Print(value), action.File, action.Line, literal: false);
                return Flow.Normal;
            }
            case IfNode ifNode:
            {
                var mark = scope.Variables.Count;
                var condition = EvaluatePipeline(ifNode.Condition, dot, scope, ifNode.File, ifNode.Line);
                var truth = TemplateData.Truth(condition);
                try
                {
                    if (truth is null) { Undecided(ifNode.File, ifNode.Line, "if", condition); return Flow.Normal; }
                    var branch = truth.Value ? ifNode.Then : ifNode.Else;
                    return branch is null ? Flow.Normal : Execute(branch, dot, scope, output);
                }
                finally { Truncate(scope, mark); }
            }
            case WithNode with:
            {
                var mark = scope.Variables.Count;
                var value = EvaluatePipeline(with.Pipe, dot, scope, with.File, with.Line);
                try
                {
                    var truth = TemplateData.Truth(value);
                    if (truth is null) { Undecided(with.File, with.Line, "with", value); return Flow.Normal; }
                    if (truth.Value) return Execute(with.Body, value, scope, output);
                    return with.Else is null ? Flow.Normal : Execute(with.Else, dot, scope, output);
                }
                finally { Truncate(scope, mark); }
            }
            case RangeNode range:
                return ExecuteRange(range, dot, scope, output);
            case TemplateCallNode call:
            {
                var arg = call.Argument is null ? null : EvaluatePipeline(call.Argument, dot, scope, call.File, call.Line);
                var text = Include(call.Name, arg, call.File, call.Line);
                Emit(output, TemplateData.Print(text), call.File, call.Line, literal: false);
                return Flow.Normal;
            }
            case BreakNode: return Flow.Break;
            case ContinueNode: return Flow.Continue;
            default: return Flow.Normal;
        }
    }

    private Flow ExecuteRange(RangeNode range, object? dot, Scope scope, RenderedText output)
    {
        var mark = scope.Variables.Count;
        var pipe = range.Pipe with { Variables = [] };
        var value = EvaluatePipeline(pipe, dot, scope, range.File, range.Line);
        try
        {
            IEnumerable<(object? Key, object? Value)> items;
            switch (value)
            {
                case Unresolved:
                    Undecided(range.File, range.Line, "range", value);
                    return Flow.Normal;
                case List<object?> list: items = list.Select((v, i) => ((object?)(long)i, v)); break;
                case Dictionary<string, object?> map: items = map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => ((object?)kv.Key, kv.Value)); break;
                case long n: items = Enumerable.Range(0, (int)Math.Clamp(n, 0, MaxRangeItems)).Select(i => ((object?)(long)i, (object?)(long)i)); break;
                case null: items = []; break;
                default:
                    Warn(range.File, range.Line, $"range can't iterate over {TemplateData.Print(value)}");
                    return Flow.Normal;
            }
            var any = false;
            foreach (var (key, item) in items.Take(MaxRangeItems))
            {
                any = true;
                var inner = scope.Variables.Count;
                if (range.Pipe.Variables.Count == 1) scope.Variables.Add((range.Pipe.Variables[0], item));
                else if (range.Pipe.Variables.Count == 2)
                {
                    scope.Variables.Add((range.Pipe.Variables[0], key));
                    scope.Variables.Add((range.Pipe.Variables[1], item));
                }
                var flow = Execute(range.Body, item, scope, output);
                Truncate(scope, inner);
                if (flow == Flow.Break) break;
            }
            if (!any && range.Else is not null) return Execute(range.Else, dot, scope, output);
            return Flow.Normal;
        }
        finally { Truncate(scope, mark); }
    }

    private void Undecided(string file, int line, string keyword, object? value)
    {
        var why = value is Unresolved u ? $": {u.Reason} ({u.File}:{u.Line})" : "";
        Warn(file, line, $"{keyword} on a value the built-in reader cannot know{why}: neither branch is read");
    }

    private void Emit(RenderedText output, string text, string file, int line, bool literal)
    {
        if (_outputChars + text.Length > MaxOutputChars) return;
        _outputChars += text.Length;
        if (literal) output.AppendLiteral(text, file, line); else output.AppendValue(text, file, line);
    }

    private static void Truncate(Scope scope, int count)
    {
        if (scope.Variables.Count > count) scope.Variables.RemoveRange(count, scope.Variables.Count - count);
    }

    private object? EvaluatePipeline(Pipeline pipe, object? dot, Scope scope, string file, int line)
    {
        object? value = null;
        var first = true;
        foreach (var command in pipe.Commands)
        {
            value = EvaluateCommand(command, dot, scope, first ? NoPipe : value, file, line);
            first = false;
        }
        if (pipe.Variables.Count > 0)
        {
            var name = pipe.Variables[^1];
            if (pipe.IsAssignment)
            {
                var at = scope.Variables.FindLastIndex(v => v.Name == name);
                if (at >= 0) scope.Variables[at] = (name, value);
                else Warn(file, line, $"undefined variable: {name}");
            }
            else scope.Variables.Add((name, value));
        }
        return value;
    }

    private static readonly object NoPipe = new();

    private object? EvaluateCommand(Command command, object? dot, Scope scope, object? piped, string file, int line)
    {
        var head = command.Operands[0];
        if (head is FunctionOperand fn)
        {
            var operands = command.Operands.Skip(1).ToList();
            if (fn.Name is "and" or "or") return AndOr(fn.Name == "and", operands, dot, scope, piped, file, line);
            var args = operands.Select(o => EvaluateOperand(o, dot, scope, file, line)).ToList();
            if (!ReferenceEquals(piped, NoPipe)) args.Add(piped);
            return TemplateFunctions.Call(this, fn.Name, args, file, line);
        }
        var value = EvaluateOperand(head, dot, scope, file, line);
        if (value is TemplateMethod method)
        {
            var args = command.Operands.Skip(1).Select(o => EvaluateOperand(o, dot, scope, file, line)).ToList();
            if (!ReferenceEquals(piped, NoPipe)) args.Add(piped);
            if (args.Any(a => a is Unresolved)) return args.First(a => a is Unresolved);
            return method.Invoke(args);
        }
        return value;
    }

    /// <summary>Go's and/or: evaluate left to right, stop at the first false (and) or true (or) value, return it.</summary>
    private object? AndOr(bool isAnd, List<Operand> operands, object? dot, Scope scope, object? piped, string file, int line)
    {
        var values = operands.Select(o => (Func<object?>)(() => EvaluateOperand(o, dot, scope, file, line))).ToList();
        if (!ReferenceEquals(piped, NoPipe)) values.Add(() => piped);
        object? last = null;
        Unresolved? unknown = null;
        foreach (var next in values)
        {
            last = next();
            var truth = TemplateData.Truth(last);
            if (truth is null) { unknown ??= (Unresolved)last!; continue; }
            if (truth.Value != isAnd) return unknown is null ? last : (isAnd ? last : unknown);   // a decisive value after an unknown still decides an and
        }
        return unknown ?? last;
    }

    private object? EvaluateOperand(Operand operand, object? dot, Scope scope, string file, int line)
    {
        switch (operand)
        {
            case LiteralOperand literal: return literal.Value;
            case FieldOperand field: return Walk(dot, field.Chain, file, line);
            case VariableOperand variable:
            {
                var at = scope.Variables.FindLastIndex(v => v.Name == variable.Name);
                if (at < 0) return NewUnresolved(file, line, $"undefined variable {variable.Name}");
                return Walk(scope.Variables[at].Value, variable.Chain, file, line);
            }
            case SubPipelineOperand sub:
                return Walk(EvaluatePipeline(sub.Pipe, dot, scope, file, line), sub.Chain, file, line);
            case FunctionOperand fn:
                return fn.Name is "and" or "or" ? AndOr(fn.Name == "and", [], dot, scope, NoPipe, file, line)
                    : TemplateFunctions.Call(this, fn.Name, [], file, line);
            default: return null;
        }
    }

    private static object? Walk(object? value, IReadOnlyList<string> chain, string file, int line)
    {
        _ = file; _ = line;
        foreach (var name in chain)
        {
            value = value switch
            {
                Unresolved => value,
                Dictionary<string, object?> map => map.GetValueOrDefault(name),
                ITemplateObject obj => obj.Field(name),
                _ => null,   // helm would stop with "nil pointer evaluating"; nothing renders from it
            };
        }
        return value;
    }
}
