using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelHub.Api.Tests.Conventions;

/// <summary>A method marked <c>[Fact]</c> or <c>[Theory]</c> (with or without arguments, qualified or not), where its source says so.</summary>
public sealed record TestMethod(string SourceFile, int Line, string Name)
{
    private static readonly HashSet<string> _testAttributes = ["Fact", "FactAttribute", "Theory", "TheoryAttribute"];

    /// <summary>The folders no test source lives in: build output, packages, and dot-folders such as <c>.git</c> and <c>.hub</c>.</summary>
    private static readonly HashSet<string> _skipped = new(StringComparer.Ordinal) { "bin", "obj", "node_modules" };

    /// <summary>Every test method in the C# sources under <paramref name="root"/>, each with its path relative to it.</summary>
    public static IEnumerable<TestMethod> UnderFolder(string root) =>
        SourceFiles(root).SelectMany(file => InSource(File.ReadAllText(file), Path.GetRelativePath(root, file).Replace('\\', '/')));

    /// <summary>The test methods that one C# source declares; it is parsed, so attribute arguments and layout do not matter.</summary>
    public static IEnumerable<TestMethod> InSource(string source, string file) =>
        CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(method => method.AttributeLists.SelectMany(list => list.Attributes).Any(IsTestAttribute))
            .Select(method => new TestMethod(file, method.Identifier.GetLocation().GetLineSpan().StartLinePosition.Line + 1, method.Identifier.ValueText));

    private static bool IsTestAttribute(AttributeSyntax attribute) => attribute.Name switch
    {
        QualifiedNameSyntax qualified => _testAttributes.Contains(qualified.Right.Identifier.ValueText),
        AliasQualifiedNameSyntax aliased => _testAttributes.Contains(aliased.Name.Identifier.ValueText),
        SimpleNameSyntax simple => _testAttributes.Contains(simple.Identifier.ValueText),
        _ => false,
    };

    private static IEnumerable<string> SourceFiles(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs"))
        {
            yield return file;
        }

        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            var name = Path.GetFileName(child);
            if (!name.StartsWith('.') && !_skipped.Contains(name))
            {
                foreach (var file in SourceFiles(child))
                {
                    yield return file;
                }
            }
        }
    }
}
