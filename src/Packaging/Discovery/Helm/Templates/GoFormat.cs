using System.Globalization;
using System.Text;

namespace Gravity.Packaging.Discovery.Helm.Templates;

/// <summary>Go's fmt.Sprintf for the verbs templates use: %s %v %d %q %f %t %x %%, with width and precision.</summary>
internal static class GoFormat
{
    public static object Sprintf(string format, IReadOnlyList<object?> args)
    {
        if (args.FirstOrDefault(a => a is Unresolved) is { } unknown) return unknown;
        var sb = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%') { sb.Append(c); continue; }
            if (i + 1 >= format.Length) { sb.Append("%!(NOVERB)"); break; }
            var j = i + 1;
            var flags = new StringBuilder();
            while (j < format.Length && "+-# 0".Contains(format[j])) flags.Append(format[j++]);
            var widthStart = j;
            while (j < format.Length && char.IsDigit(format[j])) j++;
            var width = j > widthStart ? int.Parse(format[widthStart..j], CultureInfo.InvariantCulture) : -1;
            var precision = -1;
            if (j < format.Length && format[j] == '.')
            {
                var p = ++j;
                while (j < format.Length && char.IsDigit(format[j])) j++;
                precision = j > p ? int.Parse(format[p..j], CultureInfo.InvariantCulture) : 0;
            }
            if (j >= format.Length) { sb.Append("%!(NOVERB)"); break; }
            var verb = format[j];
            i = j;
            if (verb == '%') { sb.Append('%'); continue; }
            if (next >= args.Count) { sb.Append($"%!{verb}(MISSING)"); continue; }
            var text = FormatOne(verb, args[next++], precision);
            if (width > text.Length)
                text = flags.ToString().Contains('-') ? text.PadRight(width) : text.PadLeft(width, flags.ToString().Contains('0') ? '0' : ' ');
            sb.Append(text);
        }
        if (next < args.Count) sb.Append("%!(EXTRA ").Append(string.Join(", ", args.Skip(next).Select(a => $"{TemplateData.TypeOf(a)}={TemplateData.Print(a)}"))).Append(')');
        return sb.ToString();
    }

    private static string FormatOne(char verb, object? arg, int precision) => verb switch
    {
        's' or 'v' => arg is null ? (verb == 's' ? "%!s(<nil>)" : "<nil>") : Truncate(TemplateData.Print(arg), verb == 's' ? precision : -1),
        'q' => TemplateData.Quote(TemplateData.Print(arg)),
        'd' => arg switch
        {
            long l => l.ToString(CultureInfo.InvariantCulture),
            int n => n.ToString(CultureInfo.InvariantCulture),
            double d => $"%!d(float64={TemplateData.GoFloat(d)})",
            string s => $"%!d(string={s})",
            _ => $"%!d({TemplateData.TypeOf(arg)}={TemplateData.Print(arg)})",
        },
        'f' or 'F' => TemplateData.ToDouble(arg).ToString("F" + (precision < 0 ? 6 : precision), CultureInfo.InvariantCulture),
        't' => arg is bool b ? (b ? "true" : "false") : $"%!t({TemplateData.TypeOf(arg)}={TemplateData.Print(arg)})",
        'x' => arg is string s ? Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s)) : TemplateData.ToLong(arg).ToString("x", CultureInfo.InvariantCulture),
        'X' => arg is string s ? Convert.ToHexString(Encoding.UTF8.GetBytes(s)) : TemplateData.ToLong(arg).ToString("X", CultureInfo.InvariantCulture),
        _ => $"%!{verb}({TemplateData.TypeOf(arg)}={TemplateData.Print(arg)})",
    };

    private static string Truncate(string s, int precision) => precision >= 0 && s.Length > precision ? s[..precision] : s;
}
