using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelHub.Upstream.Sources;
using ModelHub.Upstream.Tests.Support;

namespace ModelHub.Upstream.Tests;

public class OptionsTests
{
    [Fact]
    public async Task When_only_the_environment_style_keys_are_set_Should_use_them_without_the_trailing_slash()
    {
        await using var host = await ClientHost.StartAsync([("HF_ENDPOINT", "http://mirror.local:8080/"), ("HF_TOKEN", " hf_abc ")]);

        var options = host.Services.GetRequiredService<IOptions<HubClientOptions>>().Value;

        options.Endpoint.ShouldBe("http://mirror.local:8080");
        options.Token.ShouldBe("hf_abc");
    }

    [Fact]
    public async Task When_the_upstream_section_is_set_Should_prefer_it()
    {
        await using var host = await ClientHost.StartAsync(
            [("HF_ENDPOINT", "http://env.local"), ("Upstream:Endpoint", "http://section.local//"), ("HF_TOKEN", "hf_env"), ("Upstream:Token", "hf_section")]);

        var options = host.Services.GetRequiredService<IOptions<HubClientOptions>>().Value;

        options.Endpoint.ShouldBe("http://section.local");
        options.Token.ShouldBe("hf_section");
    }

    [Fact]
    public async Task When_nothing_is_set_Should_mirror_huggingface_co_anonymously()
    {
        await using var host = await ClientHost.StartAsync([]);

        var options = host.Services.GetRequiredService<IOptions<HubClientOptions>>().Value;

        options.Endpoint.ShouldBe("https://huggingface.co");
        options.Token.ShouldBeNull();
        (options.MaxRetries, options.MetadataCacheSeconds).ShouldBe((5, 60));
    }

    [Theory]
    [InlineData("Upstream:Endpoint", "not a url")]
    [InlineData("Upstream:Endpoint", "ftp://example.org")]
    [InlineData("Upstream:MaxRetries", "-1")]
    [InlineData("Upstream:AttemptTimeout", "00:00:00")]
    [InlineData("Upstream:MetadataTimeout", "00:00:01")]
    [InlineData("Upstream:DownloadMinBytesPerSecond", "-1")]
    [InlineData("Upstream:MaxMetadataBytes", "100")]
    public async Task When_a_setting_is_invalid_Should_refuse_to_start(string key, string value)
    {
        var error = await Should.ThrowAsync<OptionsValidationException>(ClientHost.StartAsync([(key, value)]));

        error.Message.ShouldContain(key.Split(':')[1]);
    }

    [Fact]
    public async Task When_several_upstreams_are_listed_Should_give_the_hugging_face_token_to_the_hub_only_and_retries_to_the_last()
    {
        await using var host = await ClientHost.StartAsync(
        [
            ("HF_TOKEN", "hf_modelhub"),
            ("Upstream:Endpoints:0:Url", "http://central.local:8080/"),
            ("Upstream:Endpoints:0:Token", "central-read-key"),
            ("Upstream:Endpoints:1:Url", "http://mirror.local"),
            ("Upstream:Endpoints:1:Role", "Bytes"),
            ("Upstream:Endpoints:2:Url", "https://huggingface.co"),
        ]);

        var set = host.Services.GetRequiredService<UpstreamSet>();

        set.All.Select(e => (e.Name, e.Token, e.IsHub, e.MaxRetries, e.HasCircuit)).ShouldBe(
        [
            ("central.local:8080", "central-read-key", false, 0, true),
            ("mirror.local", null, false, 0, true),
            ("huggingface.co", "hf_modelhub", true, 5, true),
        ]);
        set.Metadata.Select(e => e.Name).ShouldBe(["central.local:8080", "huggingface.co"]);
        set.Bytes.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("Upstream:Endpoints:1:Url", "not a url", "Upstream:Endpoints:1:Url must be")]
    [InlineData("Upstream:Endpoints:1:Name", "first", "names 'first' twice")]
    [InlineData("Upstream:Endpoints:0:Role", "Metadata", "at least one upstream of the Bytes role")]
    [InlineData("Upstream:Endpoints:1:MaxRetries", "21", "Upstream:Endpoints:1: The field MaxRetries")]
    [InlineData("Upstream:CallerTokens", "true", "no upstream of Upstream:Endpoints is on its origin")]
    public async Task When_an_upstream_entry_is_invalid_Should_refuse_to_start_naming_it(string key, string value, string expected)
    {
        (string, string?)[] settings =
        [
            ("Upstream:Endpoints:0:Url", "http://first.local"), ("Upstream:Endpoints:0:Name", "first"),
            ("Upstream:Endpoints:1:Url", "http://second.local"), ("Upstream:Endpoints:1:Role", "Metadata"),
        ];

        var error = await Should.ThrowAsync<OptionsValidationException>(ClientHost.StartAsync([.. settings.Where(s => s.Item1 != key), (key, value)]));

        error.Message.ShouldContain(expected);
    }
}
