using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;
using Offerwall.Data;

namespace Offerwall.Tests.Architecture;

/// <summary>
/// Folders depend one way (docs/architecture.md, "Which folder uses which"): each folder of
/// src/Offerwall (namespace Offerwall.X) uses only the folders below it in <see cref="Layers"/>.
/// Checked twice: on the compiled server (every type a type's signatures, attributes, locals and IL
/// refer to: what the code really uses) and on its source (<c>using Offerwall.X;</c> and
/// <c>Offerwall.X.</c> written out, which also catches a constant, inlined by the compiler).
/// </summary>
public sealed partial class DependencyTests
{
    /// <summary>Bottom first. Hosting, the composition root, may use every folder.</summary>
    public static readonly string[] Layers =
        ["Data", "Web", "Partners", "Offers", "Fraud", "Clicks", "Postbacks", "Conversions", "Reports", "PartnerApi", "ClientApi", "Pages", "Admin", "Demo", "Hosting"];

    /// <summary>Uses allowed against the order, as "From → To". None today; each one added here says why.</summary>
    private static readonly HashSet<string> Exceptions = [];

    public static bool Allowed(string from, string to) =>
        from == to || Exceptions.Contains($"{from} → {to}") || Array.IndexOf(Layers, to) < Array.IndexOf(Layers, from);

    [Fact]
    public void EveryFolderIsInTheOrder()
    {
        var folders = typeof(OfferwallDb).Assembly.GetTypes().Select(FolderOf).OfType<string>().Distinct();
        Assert.Empty(folders.Except(Layers));
        var sources = Directory.GetDirectories(SourceRoot())
            .Where(d => Path.GetFileName(d) is not ("bin" or "obj") && Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories).Any())
            .Select(Path.GetFileName);
        Assert.Empty(sources.Except(Layers));
    }

    [Fact]
    public void CompiledCodeUsesOnlyFoldersBelow()
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in typeof(OfferwallDb).Assembly.GetTypes())
        {
            if (FolderOf(type) is not { } from) continue;
            foreach (var used in References(type))
                if (FolderOf(used) is { } to && !Allowed(from, to))
                    violations.Add($"{from} → {to}: {type.FullName} uses {used.FullName}");
        }
        NoViolations(violations);
    }

    [Fact]
    public void SourceUsesOnlyFoldersBelow()
    {
        var root = SourceRoot();
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.StartsWith("bin/") || relative.StartsWith("obj/") || !relative.Contains('/')) continue;
            var from = relative[..relative.IndexOf('/')];
            var code = Comment().Replace(File.ReadAllText(file), "");
            foreach (Match m in Used().Matches(code))
                if (!Allowed(from, m.Groups[1].Value))
                    violations.Add($"{from} → {m.Groups[1].Value}: {relative} says {m.Value}");
        }
        NoViolations(violations);
    }

    private static void NoViolations(SortedSet<string> violations)
    {
        if (violations.Count > 0)
            Assert.Fail($"{violations.Count} uses against the order {string.Join(" < ", Layers)}:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void AnUpwardUseIsCaught()
    {
        Assert.False(Allowed("Data", "Web"));
        Assert.False(Allowed("Postbacks", "Conversions"));
        Assert.False(Allowed("Conversions", "PartnerApi"));
        Assert.False(Allowed("Reports", "PartnerApi"));
        Assert.True(Allowed("Conversions", "Postbacks"));
        Assert.True(Allowed("Hosting", "Admin"));
        Assert.Contains(typeof(OfferwallDb), References(typeof(StoredLedgerCounts)));
        // A use that only the method body shows (a local, a call, a typeof) is found in the IL.
        Assert.Contains(typeof(Offerwall.Web.EasternTime), References(typeof(Offerwall.Postbacks.PostbacksApi)));
        Assert.Equal("Admin", Used().Match("var x = Offerwall.Admin.AdminToken.Length;").Groups[1].Value);
        Assert.Equal("Admin", Used().Match("using Offerwall.Admin;").Groups[1].Value);
    }

    /// <summary>The folder of a type of the server: Offerwall.X (or Offerwall.X.Y) → X; null for anything else.</summary>
    private static string? FolderOf(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        if (type.Assembly != typeof(OfferwallDb).Assembly) return null;
        var parts = (type.Namespace ?? "").Split('.');
        return parts.Length >= 2 && parts[0] == "Offerwall" ? parts[1] : null;
    }

    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Offerwall.slnx")))
                return Path.Combine(dir.FullName, "src", "Offerwall");
        throw new InvalidOperationException("Offerwall.slnx not found above " + AppContext.BaseDirectory);
    }

    // Comments and strings name folders without using them (e.g. "PartnerApi:DeliveredReplays").
    [GeneratedRegex("""//[^\n]*|/\*.*?\*/|@?"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""", RegexOptions.Singleline)]
    private static partial Regex Comment();

    // using Offerwall.X; and Offerwall.X.Y written out: group 1 is the folder X.
    [GeneratedRegex(@"\bOfferwall\.(\w+)(?=\s*;|\.)")]
    private static partial Regex Used();

    /// <summary>Every type <paramref name="type"/> refers to: base, interfaces, members' signatures, attributes, locals, and what its IL names.</summary>
    public static HashSet<Type> References(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter) return;
            if (t.HasElementType) { Add(t.GetElementType()); return; }
            if (!found.Add(t)) return;
            if (t.IsGenericType) foreach (var a in t.GetGenericArguments()) Add(a);
        }
        void AddAttributes(IList<CustomAttributeData> attributes)
        {
            foreach (var a in attributes)
            {
                Add(a.AttributeType);
                foreach (var arg in a.ConstructorArguments.Concat(a.NamedArguments.Select(n => n.TypedValue)))
                {
                    Add(arg.ArgumentType);
                    if (arg.Value is Type t) Add(t);
                }
            }
        }
        void AddMember(MemberInfo? m)
        {
            switch (m)
            {
                case Type t: Add(t); break;
                case FieldInfo f: Add(f.DeclaringType); Add(f.FieldType); break;
                case MethodBase mb:
                    Add(mb.DeclaringType);
                    if (mb is MethodInfo mi)
                    {
                        Add(mi.ReturnType);
                        if (mi.IsGenericMethod) foreach (var a in mi.GetGenericArguments()) Add(a);
                    }
                    foreach (var p in mb.GetParameters()) Add(p.ParameterType);
                    break;
            }
        }

        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        AddAttributes(type.GetCustomAttributesData());
        foreach (var f in type.GetFields(all)) { Add(f.FieldType); AddAttributes(f.GetCustomAttributesData()); }
        foreach (var p in type.GetProperties(all)) { Add(p.PropertyType); AddAttributes(p.GetCustomAttributesData()); }
        foreach (var e in type.GetEvents(all)) Add(e.EventHandlerType);
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            AddMember(method);
            AddAttributes(method.GetCustomAttributesData());
            foreach (var p in method.GetParameters()) AddAttributes(p.GetCustomAttributesData());
            var body = method.GetMethodBody();
            if (body is null) continue;
            foreach (var local in body.LocalVariables) Add(local.LocalType);
            foreach (var token in MemberTokens(body.GetILAsByteArray() ?? []))
            {
                try
                {
                    AddMember(method.Module.ResolveMember(token, type.IsGenericType ? type.GetGenericArguments() : null,
                        method.IsGenericMethod ? method.GetGenericArguments() : null));
                }
                catch (ArgumentException)
                {
                    // A signature token (calli) names no member.
                }
            }
        }
        found.Remove(type);
        return found;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The metadata tokens of the fields, methods and types an IL body names.</summary>
    private static IEnumerable<int> MemberTokens(byte[] il)
    {
        for (var i = 0; i < il.Length;)
        {
            short value = il[i++];
            if (value == 0xFE) value = unchecked((short)(0xFE00 | il[i++]));
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    yield return BitConverter.ToInt32(il, i);
                    i += 4;
                    break;
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                default: i += 4; break;
            }
        }
    }
}
