namespace Gravity.Packaging.Discovery.Helm.Templates;

/// <summary>A node of a parsed Go template, with the file and 1-based line it starts on.</summary>
internal abstract record TemplateNode(string File, int Line);

internal sealed record TextNode(string File, int Line, string Text) : TemplateNode(File, Line);

/// <summary><c>{{ pipeline }}</c>: prints the value unless the pipeline declares or assigns variables.</summary>
internal sealed record ActionNode(string File, int Line, Pipeline Pipe) : TemplateNode(File, Line);

internal sealed record IfNode(string File, int Line, Pipeline Condition, IReadOnlyList<TemplateNode> Then, IReadOnlyList<TemplateNode>? Else)
    : TemplateNode(File, Line);

internal sealed record RangeNode(string File, int Line, Pipeline Pipe, IReadOnlyList<TemplateNode> Body, IReadOnlyList<TemplateNode>? Else)
    : TemplateNode(File, Line);

internal sealed record WithNode(string File, int Line, Pipeline Pipe, IReadOnlyList<TemplateNode> Body, IReadOnlyList<TemplateNode>? Else)
    : TemplateNode(File, Line);

/// <summary><c>{{ template "name" pipeline }}</c> (and the call half of <c>block</c>).</summary>
internal sealed record TemplateCallNode(string File, int Line, string Name, Pipeline? Argument) : TemplateNode(File, Line);

internal sealed record BreakNode(string File, int Line) : TemplateNode(File, Line);

internal sealed record ContinueNode(string File, int Line) : TemplateNode(File, Line);

/// <summary>Commands joined by '|', optionally declaring (<c>$x :=</c>) or assigning (<c>$x =</c>) variables.</summary>
internal sealed record Pipeline(IReadOnlyList<string> Variables, bool IsAssignment, IReadOnlyList<Command> Commands);

internal sealed record Command(IReadOnlyList<Operand> Operands);

internal abstract record Operand;

/// <summary><c>.a.b</c> (an empty chain is <c>.</c>).</summary>
internal sealed record FieldOperand(IReadOnlyList<string> Chain) : Operand;

/// <summary><c>$x.a.b</c> (<c>$</c> alone is the template's data).</summary>
internal sealed record VariableOperand(string Name, IReadOnlyList<string> Chain) : Operand;

internal sealed record FunctionOperand(string Name) : Operand;

internal sealed record LiteralOperand(object? Value) : Operand;

/// <summary><c>(pipeline).a.b</c>.</summary>
internal sealed record SubPipelineOperand(Pipeline Pipe, IReadOnlyList<string> Chain) : Operand;
