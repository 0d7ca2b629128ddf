using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
}
