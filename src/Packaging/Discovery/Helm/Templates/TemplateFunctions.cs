using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gravity.Packaging.Discovery.Helm.Templates;

/// <summary>
/// The Go template builtins and the sprig and Helm functions charts use. A function not listed, or one whose result
/// depends on the cluster or on chance (lookup aside, which helm template answers with nothing), is unresolved.
/// </summary>
internal static partial class TemplateFunctions
{
    private delegate object? Function(TemplateEvaluator evaluator, List<object?> args, string file, int line);

    /// <summary>Functions that build containers or choose between arguments: an unresolved argument does not spoil them.</summary>
    private static readonly HashSet<string> Lenient = new(StringComparer.Ordinal)
    {
        "list", "tuple", "dict", "default", "ternary", "coalesce", "set", "unset", "append", "prepend", "merge", "mergeOverwrite",
        "mustMerge", "mustMergeOverwrite", "toYaml", "toJson", "toPrettyJson", "include", "get", "hasKey", "first", "last", "index",
        "empty", "concat", "deepCopy", "omit", "pick", "values", "keys", "dig",
    };

    private static readonly Dictionary<string, Function> Functions = new(StringComparer.Ordinal)
    {
        // Go builtins
        ["print"] = (_, a, _, _) => GoPrint(a),
        ["println"] = (_, a, _, _) => string.Join(' ', a.Select(TemplateData.Print)) + "\n",
        ["printf"] = (_, a, _, _) => a.Count == 0 ? "" : GoFormat.Sprintf(Str(a[0]), a.Skip(1).ToList()),
        ["len"] = (_, a, _, _) => Arity(a, 1) ? a[0] switch { string s => (long)Encoding.UTF8.GetByteCount(s), List<object?> l => (long)l.Count, Dictionary<string, object?> m => (long)m.Count, _ => 0L } : 0L,
        ["index"] = (_, a, _, _) => Index(a),
        ["not"] = (_, a, _, _) => Arity(a, 1) ? TemplateData.Truth(a[0]) is { } t ? !t : a[0] : true,
        ["eq"] = (_, a, _, _) => a.Count >= 2 && a.Skip(1).Any(b => TemplateData.Equal(a[0], b)),
        ["ne"] = (_, a, _, _) => a.Count == 2 && !TemplateData.Equal(a[0], a[1]),
        ["lt"] = (_, a, _, _) => a.Count == 2 && TemplateData.Compare(a[0], a[1]) < 0,
        ["le"] = (_, a, _, _) => a.Count == 2 && TemplateData.Compare(a[0], a[1]) <= 0,
        ["gt"] = (_, a, _, _) => a.Count == 2 && TemplateData.Compare(a[0], a[1]) > 0,
        ["ge"] = (_, a, _, _) => a.Count == 2 && TemplateData.Compare(a[0], a[1]) >= 0,
        ["html"] = (_, a, _, _) => System.Net.WebUtility.HtmlEncode(GoPrint(a)),
        ["js"] = (_, a, _, _) => GoPrint(a),
        ["urlquery"] = (_, a, _, _) => Uri.EscapeDataString(GoPrint(a)),
        // Helm
        ["include"] = (e, a, f, l) => a.Count >= 1 ? e.Include(Str(a[0]), a.Count > 1 ? a[1] : null, f, l) : null,
        ["tpl"] = (e, a, f, l) => a.Count == 2 ? e.Tpl(Str(a[0]), a[1], f, l) : null,
        ["required"] = (e, a, f, l) => a.Count == 2 && TemplateData.IsEmpty(a[1]) ? e.NewUnresolved(f, l, $"required value missing: {Str(a[0])}") : a.LastOrDefault(),
        ["fail"] = (e, a, f, l) => e.NewUnresolved(f, l, $"the chart fails: {Str(a.FirstOrDefault())}"),
        ["lookup"] = (_, _, _, _) => new Dictionary<string, object?>(StringComparer.Ordinal),   // helm template has no cluster to look in
        ["toYaml"] = (_, a, _, _) => Arity(a, 1) ? TemplateYaml.Serialize(a[0]) : "",
        ["mustToYaml"] = (_, a, _, _) => Arity(a, 1) ? TemplateYaml.Serialize(a[0]) : "",
        ["toYamlPretty"] = (_, a, _, _) => Arity(a, 1) ? TemplateYaml.Serialize(a[0]) : "",
        ["fromYaml"] = (_, a, _, _) => Arity(a, 1) ? TemplateYaml.Parse(Str(a[0])) : null,
        ["fromYamlArray"] = (_, a, _, _) => Arity(a, 1) ? TemplateYaml.Parse(Str(a[0])) as List<object?> ?? [] : null,
        ["toJson"] = (_, a, _, _) => Arity(a, 1) ? TemplateYaml.Json(a[0]) : "",
        ["mustToJson"] = (_, a, _, _) => Arity(a, 1) ? TemplateYaml.Json(a[0]) : "",
        ["toRawJson"] = (_, a, _, _) => Arity(a, 1) ? TemplateYaml.Json(a[0]) : "",
        ["toPrettyJson"] = (_, a, _, _) => Arity(a, 1) ? TemplateYaml.Json(a[0], indented: true) : "",
        ["fromJson"] = (_, a, _, _) => Arity(a, 1) ? TemplateYaml.Parse(Str(a[0])) : null,
        // sprig: defaults and logic
        ["default"] = (_, a, _, _) => a.Count switch { 0 => null, 1 => a[0], _ => TemplateData.Truth(a[^1]) switch { true => a[^1], false => a[0], null => a[^1] } },
        ["empty"] = (_, a, _, _) => Arity(a, 1) ? TemplateData.Truth(a[0]) is { } t ? !t : a[0] : true,
        ["coalesce"] = (_, a, _, _) => Coalesce(a),
        ["ternary"] = (_, a, _, _) => a.Count == 3 ? TemplateData.Truth(a[2]) switch { true => a[0], false => a[1], null => a[2] } : null,
        ["fromStrings"] = (_, a, _, _) => a.FirstOrDefault(),
        // sprig: strings
        ["toString"] = (_, a, _, _) => Arity(a, 1) ? TemplateData.Print(a[0]) : "",
        ["quote"] = (_, a, _, _) => string.Join(' ', a.Where(x => x is not null).Select(x => TemplateData.Quote(TemplateData.Print(x)))),
        ["squote"] = (_, a, _, _) => string.Join(' ', a.Where(x => x is not null).Select(x => $"'{TemplateData.Print(x)}'")),
        ["trim"] = (_, a, _, _) => Str(a.LastOrDefault()).Trim(),
        ["trimAll"] = (_, a, _, _) => a.Count == 2 ? Str(a[1]).Trim(Str(a[0]).ToCharArray()) : "",
        ["trimPrefix"] = (_, a, _, _) => a.Count == 2 && Str(a[1]).StartsWith(Str(a[0]), StringComparison.Ordinal) ? Str(a[1])[Str(a[0]).Length..] : Str(a.LastOrDefault()),
        ["trimSuffix"] = (_, a, _, _) => a.Count == 2 && Str(a[0]).Length > 0 && Str(a[1]).EndsWith(Str(a[0]), StringComparison.Ordinal) ? Str(a[1])[..^Str(a[0]).Length] : Str(a.LastOrDefault()),
        ["trunc"] = (_, a, _, _) => a.Count == 2 ? Trunc(Str(a[1]), (int)TemplateData.ToLong(a[0])) : "",
        ["lower"] = (_, a, _, _) => Str(a.LastOrDefault()).ToLowerInvariant(),
        ["upper"] = (_, a, _, _) => Str(a.LastOrDefault()).ToUpperInvariant(),
        ["title"] = (_, a, _, _) => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(Str(a.LastOrDefault())),
        ["replace"] = (_, a, _, _) => a.Count == 3 ? Str(a[2]).Replace(Str(a[0]), Str(a[1]), StringComparison.Ordinal) : "",
        ["contains"] = (_, a, _, _) => a.Count == 2 && Str(a[1]).Contains(Str(a[0]), StringComparison.Ordinal),
        ["hasPrefix"] = (_, a, _, _) => a.Count == 2 && Str(a[1]).StartsWith(Str(a[0]), StringComparison.Ordinal),
        ["hasSuffix"] = (_, a, _, _) => a.Count == 2 && Str(a[1]).EndsWith(Str(a[0]), StringComparison.Ordinal),
        ["indent"] = (_, a, _, _) => a.Count == 2 ? Indent(Str(a[1]), (int)TemplateData.ToLong(a[0])) : "",
        ["nindent"] = (_, a, _, _) => a.Count == 2 ? "\n" + Indent(Str(a[1]), (int)TemplateData.ToLong(a[0])) : "",
        ["repeat"] = (_, a, _, _) => a.Count == 2 ? string.Concat(Enumerable.Repeat(Str(a[1]), (int)Math.Clamp(TemplateData.ToLong(a[0]), 0, 10_000))) : "",
        ["substr"] = (_, a, _, _) => a.Count == 3 ? Substr(Str(a[2]), (int)TemplateData.ToLong(a[0]), (int)TemplateData.ToLong(a[1])) : "",
        ["nospace"] = (_, a, _, _) => string.Concat(Str(a.LastOrDefault()).Where(c => !char.IsWhiteSpace(c))),
        ["cat"] = (_, a, _, _) => string.Join(' ', a.Where(x => x is not null).Select(TemplateData.Print)),
        ["split"] = (_, a, _, _) => a.Count == 2 ? Str(a[1]).Split(Str(a[0])).Select((p, i) => (p, i)).ToDictionary(x => "_" + x.i, x => (object?)x.p, StringComparer.Ordinal) : null,
        ["splitList"] = (_, a, _, _) => a.Count == 2 ? Str(a[1]).Split(Str(a[0])).Select(p => (object?)p).ToList() : null,
        ["splitn"] = (_, a, _, _) => a.Count == 3 ? Str(a[2]).Split(Str(a[0]), (int)Math.Max(1, TemplateData.ToLong(a[1]))).Select((p, i) => (p, i)).ToDictionary(x => "_" + x.i, x => (object?)x.p, StringComparer.Ordinal) : null,
        ["join"] = (_, a, _, _) => a.Count == 2 ? string.Join(Str(a[0]), List(a[1]).Select(TemplateData.Print)) : "",
        ["regexMatch"] = (_, a, _, _) => a.Count == 2 && SafeRegex(Str(a[0])) is { } r && r.IsMatch(Str(a[1])),
        ["regexReplaceAll"] = (_, a, _, _) => a.Count == 3 && SafeRegex(Str(a[0])) is { } r ? r.Replace(Str(a[1]), GoReplacement(Str(a[2]))) : "",
        ["regexReplaceAllLiteral"] = (_, a, _, _) => a.Count == 3 && SafeRegex(Str(a[0])) is { } r ? r.Replace(Str(a[1]), Str(a[2]).Replace("$", "$$")) : "",
        ["regexFind"] = (_, a, _, _) => a.Count == 2 && SafeRegex(Str(a[0])) is { } r ? r.Match(Str(a[1])) is { Success: true } m ? m.Value : "" : "",
        ["b64enc"] = (_, a, _, _) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Str(a.LastOrDefault()))),
        ["b64dec"] = (_, a, _, _) => TryBase64(Str(a.LastOrDefault())),
        ["sha256sum"] = (_, a, _, _) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Str(a.LastOrDefault())))),
        ["sha1sum"] = (_, a, _, _) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(Str(a.LastOrDefault())))),
        ["adler32sum"] = (_, a, _, _) => Adler32(Str(a.LastOrDefault())),
        ["kebabcase"] = (_, a, _, _) => CaseWords(Str(a.LastOrDefault()), "-"),
        ["snakecase"] = (_, a, _, _) => CaseWords(Str(a.LastOrDefault()), "_"),
        ["camelcase"] = (_, a, _, _) => string.Concat(Str(a.LastOrDefault()).Split('_', '-', ' ').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])),
        ["abbrev"] = (_, a, _, _) => a.Count == 2 ? Abbrev(Str(a[1]), (int)TemplateData.ToLong(a[0])) : "",
        ["wrap"] = (_, a, _, _) => Str(a.LastOrDefault()),
        ["base"] = (_, a, _, _) => Path.GetFileName(Str(a.LastOrDefault()).TrimEnd('/')),
        ["dir"] = (_, a, _, _) => Path.GetDirectoryName(Str(a.LastOrDefault()))?.Replace('\\', '/') ?? ".",
        ["ext"] = (_, a, _, _) => Path.GetExtension(Str(a.LastOrDefault())),
        // sprig: numbers and types
        ["int"] = (_, a, _, _) => TemplateData.ToLong(a.LastOrDefault()),
        ["int64"] = (_, a, _, _) => TemplateData.ToLong(a.LastOrDefault()),
        ["float64"] = (_, a, _, _) => TemplateData.ToDouble(a.LastOrDefault()),
        ["atoi"] = (_, a, _, _) => TemplateData.ToLong(a.LastOrDefault()),
        ["toDecimal"] = (_, a, _, _) => TemplateData.ToLong(a.LastOrDefault()),
        ["add"] = (_, a, _, _) => Arithmetic(a, (x, y) => x + y, (x, y) => x + y),
        ["add1"] = (_, a, _, _) => Arithmetic([a.LastOrDefault(), 1L], (x, y) => x + y, (x, y) => x + y),
        ["sub"] = (_, a, _, _) => Arithmetic(a, (x, y) => x - y, (x, y) => x - y),
        ["mul"] = (_, a, _, _) => Arithmetic(a, (x, y) => x * y, (x, y) => x * y),
        ["div"] = (_, a, _, _) => a.Count == 2 && TemplateData.ToLong(a[1]) != 0 ? TemplateData.ToLong(a[0]) / TemplateData.ToLong(a[1]) : 0L,
        ["mod"] = (_, a, _, _) => a.Count == 2 && TemplateData.ToLong(a[1]) != 0 ? TemplateData.ToLong(a[0]) % TemplateData.ToLong(a[1]) : 0L,
        ["max"] = (_, a, _, _) => a.Count == 0 ? 0L : a.Select(TemplateData.ToLong).Max(),
        ["min"] = (_, a, _, _) => a.Count == 0 ? 0L : a.Select(TemplateData.ToLong).Min(),
        ["floor"] = (_, a, _, _) => Math.Floor(TemplateData.ToDouble(a.LastOrDefault())),
        ["ceil"] = (_, a, _, _) => Math.Ceiling(TemplateData.ToDouble(a.LastOrDefault())),
        ["round"] = (_, a, _, _) => a.Count >= 2 ? Math.Round(TemplateData.ToDouble(a[0]), (int)TemplateData.ToLong(a[1]), MidpointRounding.AwayFromZero) : 0.0,
        ["until"] = (_, a, _, _) => Enumerable.Range(0, (int)Math.Clamp(TemplateData.ToLong(a.LastOrDefault()), 0, 100_000)).Select(i => (object?)(long)i).ToList(),
        ["untilStep"] = (_, a, _, _) => UntilStep(a),
        ["seq"] = (_, a, _, _) => string.Join(' ', Enumerable.Range(1, (int)Math.Clamp(TemplateData.ToLong(a.LastOrDefault()), 0, 100_000))),
        ["kindOf"] = (_, a, _, _) => TemplateData.KindOf(a.LastOrDefault()),
        ["kindIs"] = (_, a, _, _) => a.Count == 2 && TemplateData.KindOf(a[1]) == Str(a[0]),
        ["typeOf"] = (_, a, _, _) => TemplateData.TypeOf(a.LastOrDefault()),
        ["typeIs"] = (_, a, _, _) => a.Count == 2 && TemplateData.TypeOf(a[1]) == Str(a[0]),
        ["deepEqual"] = (_, a, _, _) => a.Count == 2 && TemplateYaml.Json(a[0]) == TemplateYaml.Json(a[1]),
        ["semverCompare"] = (_, a, _, _) => a.Count == 2 && SemverRange.Matches(Str(a[0]), Str(a[1])),
        ["semver"] = (_, a, _, _) => Str(a.LastOrDefault()),
        // sprig: lists and dicts
        ["list"] = (_, a, _, _) => a.ToList(),
        ["tuple"] = (_, a, _, _) => a.ToList(),
        ["dict"] = (_, a, _, _) => Dict(a),
        ["get"] = (_, a, _, _) => a.Count == 2 && a[0] is Dictionary<string, object?> m ? m.GetValueOrDefault(Str(a[1])) ?? "" : "",
        ["set"] = (_, a, _, _) => { if (a.Count == 3 && a[0] is Dictionary<string, object?> m) m[Str(a[1])] = a[2]; return a.FirstOrDefault(); },
        ["unset"] = (_, a, _, _) => { if (a.Count == 2 && a[0] is Dictionary<string, object?> m) m.Remove(Str(a[1])); return a.FirstOrDefault(); },
        ["hasKey"] = (_, a, _, _) => a.Count == 2 && a[0] is Dictionary<string, object?> m && m.ContainsKey(Str(a[1])),
        ["keys"] = (_, a, _, _) => a.OfType<Dictionary<string, object?>>().SelectMany(m => m.Keys).Select(k => (object?)k).ToList(),
        ["values"] = (_, a, _, _) => a.FirstOrDefault() is Dictionary<string, object?> m ? m.Values.ToList() : [],
        ["pick"] = (_, a, _, _) => a.FirstOrDefault() is Dictionary<string, object?> m ? m.Where(kv => a.Skip(1).Select(Str).Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal) : null,
        ["omit"] = (_, a, _, _) => a.FirstOrDefault() is Dictionary<string, object?> m ? m.Where(kv => !a.Skip(1).Select(Str).Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal) : null,
        ["dig"] = (_, a, _, _) => Dig(a),
        ["merge"] = (_, a, _, _) => MergeAll(a, overwrite: false),
        ["mustMerge"] = (_, a, _, _) => MergeAll(a, overwrite: false),
        ["mergeOverwrite"] = (_, a, _, _) => MergeAll(a, overwrite: true),
        ["mustMergeOverwrite"] = (_, a, _, _) => MergeAll(a, overwrite: true),
        ["deepCopy"] = (_, a, _, _) => TemplateData.DeepCopy(a.LastOrDefault()),
        ["mustDeepCopy"] = (_, a, _, _) => TemplateData.DeepCopy(a.LastOrDefault()),
        ["first"] = (_, a, _, _) => List(a.LastOrDefault()).FirstOrDefault(),
        ["last"] = (_, a, _, _) => List(a.LastOrDefault()).LastOrDefault(),
        ["rest"] = (_, a, _, _) => List(a.LastOrDefault()).Skip(1).ToList(),
        ["initial"] = (_, a, _, _) => List(a.LastOrDefault()) is var l && l.Count > 0 ? l.Take(l.Count - 1).ToList() : [],
        ["append"] = (_, a, _, _) => a.Count == 2 ? new List<object?>([.. List(a[0]), a[1]]) : null,
        ["mustAppend"] = (_, a, _, _) => a.Count == 2 ? new List<object?>([.. List(a[0]), a[1]]) : null,
        ["prepend"] = (_, a, _, _) => a.Count == 2 ? new List<object?>([a[1], .. List(a[0])]) : null,
        ["concat"] = (_, a, _, _) => a.SelectMany(List).ToList(),
        ["uniq"] = (_, a, _, _) => Uniq(List(a.LastOrDefault())),
        ["has"] = (_, a, _, _) => a.Count == 2 && List(a[1]).Any(x => TemplateData.Equal(x, a[0])),
        ["without"] = (_, a, _, _) => a.Count >= 1 ? List(a[0]).Where(x => !a.Skip(1).Any(y => TemplateData.Equal(x, y))).ToList() : null,
        ["compact"] = (_, a, _, _) => List(a.LastOrDefault()).Where(x => !TemplateData.IsEmpty(x)).ToList(),
        ["reverse"] = (_, a, _, _) => Enumerable.Reverse(List(a.LastOrDefault())).ToList(),
        ["sortAlpha"] = (_, a, _, _) => List(a.LastOrDefault()).Select(TemplateData.Print).Order(StringComparer.Ordinal).Select(s => (object?)s).ToList(),
        ["toStrings"] = (_, a, _, _) => List(a.LastOrDefault()).Select(x => (object?)TemplateData.Print(x)).ToList(),
        ["slice"] = (_, a, _, _) => Slice(a),
    };

    public static object? Call(TemplateEvaluator evaluator, string name, List<object?> args, string file, int line)
    {
        if (!Functions.TryGetValue(name, out var function))
            return evaluator.NewUnresolved(file, line, $"function \"{name}\" is not known to the built-in reader");
        if (!Lenient.Contains(name) && args.FirstOrDefault(a => a is Unresolved) is { } unknown) return unknown;
        try
        {
            return function(evaluator, args, file, line);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or InvalidCastException or RegexMatchTimeoutException)
        {
            return evaluator.NewUnresolved(file, line, $"{name}: {e.Message}");
        }
    }

    private static bool Arity(List<object?> a, int n) => a.Count == n;

    private static string Str(object? value) => TemplateData.Print(value);

    private static List<object?> List(object? value) => value switch
    {
        List<object?> l => l,
        null => [],
        _ => [value],
    };

    private static string GoPrint(List<object?> args)
    {
        // fmt.Sprint adds spaces between operands when neither is a string.
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0 && args[i] is not string && args[i - 1] is not string) sb.Append(' ');
            sb.Append(args[i] is null ? "<nil>" : TemplateData.Print(args[i]));
        }
        return sb.ToString();
    }

    private static object? Index(List<object?> a)
    {
        if (a.Count == 0) return null;
        var value = a[0];
        foreach (var key in a.Skip(1))
        {
            value = value switch
            {
                Unresolved => value,
                Dictionary<string, object?> m => m.GetValueOrDefault(Str(key)),
                List<object?> l when TemplateData.ToLong(key) is var i && i >= 0 && i < l.Count => l[(int)i],
                _ => key is Unresolved ? key : null,
            };
        }
        return value;
    }

    private static object? Coalesce(List<object?> a)
    {
        foreach (var x in a)
        {
            var truth = TemplateData.Truth(x);
            if (truth is null || truth.Value) return x;
        }
        return null;
    }

    private static Dictionary<string, object?> Dict(List<object?> a)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < a.Count; i += 2) d[Str(a[i])] = a[i + 1];
        if (a.Count % 2 == 1) d[Str(a[^1])] = "";
        return d;
    }

    private static object? Dig(List<object?> a)
    {
        if (a.Count < 3 || a[^1] is not Dictionary<string, object?> map) return a.Count >= 2 ? a[^2] : null;
        object? current = map;
        foreach (var key in a.Take(a.Count - 2))
        {
            if (current is not Dictionary<string, object?> m || !m.TryGetValue(Str(key), out current)) return a[^2];
        }
        return current;
    }

    private static object? MergeAll(List<object?> a, bool overwrite)
    {
        if (a.FirstOrDefault() is not Dictionary<string, object?> destination) return a.FirstOrDefault();
        foreach (var source in a.Skip(1).OfType<Dictionary<string, object?>>()) TemplateData.Merge(destination, source, overwrite);
        return destination;
    }

    private static List<object?> Uniq(List<object?> list)
    {
        var result = new List<object?>();
        foreach (var x in list) if (!result.Any(y => TemplateData.Equal(x, y))) result.Add(x);
        return result;
    }

    private static object? Slice(List<object?> a)
    {
        var list = List(a.FirstOrDefault());
        var from = a.Count > 1 ? (int)Math.Clamp(TemplateData.ToLong(a[1]), 0, list.Count) : 0;
        var to = a.Count > 2 ? (int)Math.Clamp(TemplateData.ToLong(a[2]), from, list.Count) : list.Count;
        return list.Skip(from).Take(to - from).ToList();
    }

    private static object? UntilStep(List<object?> a)
    {
        if (a.Count != 3) return null;
        var (start, stop, step) = (TemplateData.ToLong(a[0]), TemplateData.ToLong(a[1]), TemplateData.ToLong(a[2]));
        var result = new List<object?>();
        if (step == 0) return result;
        for (var i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            result.Add(i);
            if (result.Count > 100_000) break;
        }
        return result;
    }

    private static object? Arithmetic(List<object?> a, Func<long, long, long> integer, Func<double, double, double> real)
    {
        if (a.Count == 0) return 0L;
        if (a.Any(x => TemplateData.Number(x) is double))
            return a.Skip(1).Aggregate(TemplateData.ToDouble(a[0]), (acc, x) => real(acc, TemplateData.ToDouble(x)));
        return a.Skip(1).Aggregate(TemplateData.ToLong(a[0]), (acc, x) => integer(acc, TemplateData.ToLong(x)));
    }

    private static string Trunc(string s, int n)
        => n >= 0 ? (s.Length > n ? s[..n] : s) : (s.Length > -n ? s[(s.Length + n)..] : s);

    private static string Substr(string s, int start, int end)
    {
        if (start < 0) return end < 0 || end > s.Length ? s : s[..end];
        if (end < 0 || end > s.Length) return start > s.Length ? "" : s[start..];
        return start > end ? "" : s[start..end];
    }

    private static string Indent(string s, int spaces)
    {
        var pad = new string(' ', Math.Clamp(spaces, 0, 1000));
        return pad + s.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    private static string Abbrev(string s, int width) => width < 4 || s.Length <= width ? s : s[..(width - 3)] + "...";

    private static string CaseWords(string s, string separator)
        => CaseBoundary().Replace(s, "$1" + separator + "$2").Replace("-", separator).Replace("_", separator).ToLowerInvariant();

    private static object TryBase64(string s)
    {
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(s)); }
        catch (FormatException e) { return e.Message; }
    }

    private static string Adler32(string s)
    {
        uint a = 1, b = 0;
        foreach (var c in Encoding.UTF8.GetBytes(s)) { a = (a + c) % 65521; b = (b + a) % 65521; }
        return ((b << 16) | a).ToString(CultureInfo.InvariantCulture);
    }

    private static Regex? SafeRegex(string pattern)
    {
        try { return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)); }
        catch (ArgumentException) { return null; }
    }

    /// <summary>Go's ${1} and $1 in replacements are .NET's too; only a bare $name differs, and is rare.</summary>
    private static string GoReplacement(string replacement) => replacement;

    [GeneratedRegex("([a-z0-9])([A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex CaseBoundary();
}
