using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Offerwall.Analyzers;

/// <summary>
/// OW0001: no line of a C# file is longer than <c>max_line_length</c>, read from .editorconfig for that
/// file (no limit where it is unset or <c>off</c>). Generated code (<c>generated_code = true</c>, an
/// <c>&lt;auto-generated&gt;</c> header) is not checked.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LineLengthAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "OW0001";

    public static readonly DiagnosticDescriptor Rule = new(
        Id,
        title: "Line longer than max_line_length",
        messageFormat: "Line is {0} characters long; the limit is {1} (max_line_length in .editorconfig): break it",
        category: "Style",
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Lines stay readable without scrolling: break long argument lists, chained calls and conditions.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxTreeAction(Analyze);
    }

    private static void Analyze(SyntaxTreeAnalysisContext context)
    {
        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(context.Tree);
        if (!options.TryGetValue("max_line_length", out var value)
            || !int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            || limit <= 0)
            return;
        var text = context.Tree.GetText(context.CancellationToken);
        foreach (var line in text.Lines)
        {
            var length = line.Span.Length;
            if (length <= limit) continue;
            // The part past the limit is what the editor's guide shows as too long.
            var location = Location.Create(context.Tree, TextSpan.FromBounds(line.Start + limit, line.End));
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, length, limit));
        }
    }
}
