using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Offerwall.Analyzers;

/// <summary>
/// OW0002: one type per file, named after it. Every top-level type (class, struct, interface, enum,
/// delegate, record) lives in a file named after it: <c>Foo.cs</c> for <c>Foo</c> and <c>Foo&lt;T&gt;</c>;
/// a part of a partial type may also be in <c>Foo.Something.cs</c>. The one exception: a file named after
/// one of its types may also hold small records (request and response shapes), whose declaration spans
/// at most <see cref="MaxSharedRecordLines"/> lines. Nested types are not checked; generated code is not
/// either.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TypeFileNameAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "OW0002";

    /// <summary>The most lines a record may span (its attributes included, its doc comment not) to share a file.</summary>
    public const int MaxSharedRecordLines = 12;

    public static readonly DiagnosticDescriptor Rule = new(
        Id,
        title: "Type not in a file named after it",
        messageFormat: "Type '{0}' belongs in its own file '{1}': a file holds the type it is named after, "
            + "and besides it only records of at most {2} lines",
        category: "Style",
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "One type per file, named after it; small request and response records may share the file of the type that uses them.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxTreeAction(Analyze);
    }

    private static void Analyze(SyntaxTreeAnalysisContext context)
    {
        var stem = FileStem(context.Tree.FilePath);
        if (stem is null) return;
        var types = new List<MemberDeclarationSyntax>();
        Collect(((CompilationUnitSyntax)context.Tree.GetRoot(context.CancellationToken)).Members, types);
        var fileHasNamesake = types.Any(t => IsNamedAfter(t, stem));
        foreach (var type in types)
        {
            if (IsNamedAfter(type, stem) || (fileHasNamesake && IsSmallRecord(type))) continue;
            var identifier = Identifier(type);
            context.ReportDiagnostic(Diagnostic.Create(
                Rule, identifier.GetLocation(), identifier.ValueText, identifier.ValueText + ".cs", MaxSharedRecordLines));
        }
    }

    /// <summary>The file's name without ".cs"; null for a tree without a C# file behind it.</summary>
    private static string? FileStem(string path)
    {
        if (string.IsNullOrEmpty(path)) return null;
        var name = path.Substring(path.LastIndexOfAny(['/', '\\']) + 1);
        return name.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - 3) : null;
    }

    /// <summary>Top-level types: those of the file and of its namespaces, not the types nested in them.</summary>
    private static void Collect(SyntaxList<MemberDeclarationSyntax> members, List<MemberDeclarationSyntax> types)
    {
        foreach (var member in members)
        {
            switch (member)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    Collect(ns.Members, types);
                    break;
                case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax:
                    types.Add(member);
                    break;
            }
        }
    }

    private static SyntaxToken Identifier(MemberDeclarationSyntax type) => type switch
    {
        BaseTypeDeclarationSyntax t => t.Identifier,
        DelegateDeclarationSyntax d => d.Identifier,
        _ => throw new ArgumentException("Not a type declaration.", nameof(type)),
    };

    private static bool IsNamedAfter(MemberDeclarationSyntax type, string stem)
    {
        var name = Identifier(type).ValueText;
        return stem == name
            || (type.Modifiers.Any(SyntaxKind.PartialKeyword) && stem.StartsWith(name + ".", StringComparison.Ordinal));
    }

    private static bool IsSmallRecord(MemberDeclarationSyntax type)
    {
        if (type is not RecordDeclarationSyntax) return false;
        var lines = type.GetLocation().GetLineSpan();
        return lines.EndLinePosition.Line - lines.StartLinePosition.Line + 1 <= MaxSharedRecordLines;
    }
}
