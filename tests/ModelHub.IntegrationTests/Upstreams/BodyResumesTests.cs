using ModelHub.Ingest.Fetching;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.IntegrationTests.Upstreams;

/// <summary>When a fetch continues a body that broke off, and when it leaves the rest to the job's retries.</summary>
public sealed class BodyResumesTests
{
    private static readonly IOException Dropped = new("the upstream broke off");

    [Fact]
    public void When_the_fetch_keeps_bringing_a_mebibyte_between_breaks_Should_continue_every_time_even_with_one_upstream()
    {
        var resumes = new BodyResumes(upstreams: 1);

        for (var drop = 0; drop < 8; drop++)
        {
            var openedAt = resumes.Breaks;
            resumes.Wrote(BodyResumes.FruitfulBytes);
            resumes.After(Dropped, openedAt, CancellationToken.None).ShouldBeTrue($"drop {drop}");
        }
    }

    [Fact]
    public void When_one_upstream_breaks_off_early_Should_leave_it_to_the_jobs_retries()
    {
        var resumes = new BodyResumes(upstreams: 1);

        resumes.Wrote(64 * 1024);

        resumes.After(new HubException(HubError.Stalled, "stalled"), resumes.Breaks, CancellationToken.None).ShouldBeFalse();
    }

    [Fact]
    public void When_another_upstream_may_serve_Should_continue_once_after_an_early_break_and_not_twice()
    {
        var resumes = new BodyResumes(upstreams: 2);

        resumes.Wrote(64 * 1024);
        resumes.After(Dropped, resumes.Breaks, CancellationToken.None).ShouldBeTrue();
        resumes.Wrote(100);
        resumes.After(Dropped, resumes.Breaks, CancellationToken.None).ShouldBeFalse();
    }

    [Fact]
    public void When_every_connection_breaks_at_once_Should_judge_them_as_one_break()
    {
        var resumes = new BodyResumes(upstreams: 2);
        var openedAt = resumes.Breaks;
        resumes.Wrote(BodyResumes.FruitfulBytes);

        // Eight ranges opened together, all cut when the upstream goes away: one fruitful break, eight bodies continued.
        Enumerable.Range(0, 8).Select(_ => resumes.After(Dropped, openedAt, CancellationToken.None)).ShouldAllBe(go => go);
        resumes.Breaks.ShouldBe(1);
    }

    [Fact]
    public void When_bytes_are_wrong_or_the_caller_cancelled_Should_not_continue()
    {
        var resumes = new BodyResumes(upstreams: 2);
        resumes.Wrote(BodyResumes.FruitfulBytes);

        resumes.After(new ContentMismatchException("checksum mismatch"), resumes.Breaks, CancellationToken.None).ShouldBeFalse();
        resumes.After(new HubException(HubError.EntryNotFound, "gone"), resumes.Breaks, CancellationToken.None).ShouldBeFalse();
        resumes.After(Dropped, resumes.Breaks, new CancellationToken(canceled: true)).ShouldBeFalse();
    }
}
