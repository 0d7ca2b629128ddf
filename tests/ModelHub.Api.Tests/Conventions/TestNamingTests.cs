using System.Text.RegularExpressions;

namespace ModelHub.Api.Tests.Conventions;

/// <summary>
/// Every test in the repository is named as a sentence about behaviour, <c>When_{situation}_Should_{outcome}</c>,
/// so a failing test's name alone says what broke. The sources of the whole repository are read rather than the
/// test assemblies loaded: a test project nobody remembered to list here is checked all the same.
/// </summary>
public sealed partial class TestNamingTests
{
    [Fact]
    public void When_the_repository_is_read_Should_find_every_test_named_When_situation_Should_outcome()
    {
        var tests = TestMethod.UnderFolder(RepositoryRoot()).ToList();

        tests.ShouldContain(t => t.SourceFile == "tests/ModelHub.Api.Tests/Conventions/TestNamingTests.cs", "the search reaches this very file");
        tests.Where(t => !IsSentence(t.Name)).Select(t => $"{t.SourceFile}:{t.Line} {t.Name}")
            .ShouldBeEmpty("name each test When_<situation>_Should_<outcome> (see tests/Directory.Build.props)");
    }

    [Fact]
    public void When_a_test_is_marked_in_any_attribute_form_Should_be_found_and_judged_by_its_name()
    {
        const string source = """
            public sealed class Examples
            {
                [Fact]
                public void When_plain_Should_be_found() { }

                [Fact(Timeout = 1000)]
                public async Task Timed_test_without_a_sentence() { }

                [Theory]
                [InlineData("expand[]=likes", new[] { "]" })]
                public void Theory_with_brackets_in_its_data(string query, string[] fields) { }

                [Xunit.FactAttribute, Trait("Category", "x")]
                internal void Qualified_and_listed() { }

                [Trait("Category", "x")]
                public void Not_a_test() { }
            }
            """;

        var found = TestMethod.InSource(source, "Examples.cs").ToList();

        found.Select(t => t.Name).ShouldBe(["When_plain_Should_be_found", "Timed_test_without_a_sentence", "Theory_with_brackets_in_its_data", "Qualified_and_listed"]);
        found.Where(t => !IsSentence(t.Name)).Select(t => t.Line).ShouldBe([7, 11, 14]);
    }

    [Theory]
    [InlineData("When_a_job_fails_Should_mark_it_failed", true)]
    [InlineData("When_Redis_is_stopped_Should_report_degraded", true)]
    [InlineData("A_job_that_fails_is_marked_failed", false)]
    [InlineData("When_a_job_fails", false)]
    [InlineData("Should_mark_it_failed_When_a_job_fails", false)]
    [InlineData("When__Should_", false)]
    public void When_a_name_is_judged_Should_accept_only_When_situation_Should_outcome(string name, bool sentence) =>
        IsSentence(name).ShouldBe(sentence);

    private static bool IsSentence(string name) => Sentence().IsMatch(name);

    /// <summary>The folder holding <c>ModelHub.sln</c>, above the test's output folder.</summary>
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ModelHub.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No ModelHub.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("^When_[A-Za-z0-9_]+_Should_[A-Za-z0-9_]+$")]
    private static partial Regex Sentence();
}
