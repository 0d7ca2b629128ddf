namespace ModelHub.Api.Registry;

/// <summary>Why an id could not be registered: an HTTP status and a sentence for the caller.</summary>
internal sealed record RegistrationProblem(int Status, string Detail)
{
    public static RegistrationProblem NotFoundUpstream(string repoId) =>
        new(StatusCodes.Status404NotFound, $"The upstream has no repository '{repoId}'.");

    public static RegistrationProblem UpstreamSilent(string repoId, string reason) =>
        new(StatusCodes.Status504GatewayTimeout,
            $"'{repoId}' is a legacy id without a namespace: ModelHub asks the upstream which repository it names now, and could not ({reason}).");

    public static RegistrationProblem NoNamespace(string repoId, string currentId) =>
        new(StatusCodes.Status422UnprocessableEntity,
            $"The upstream still calls '{repoId}' '{currentId}', without a namespace: ModelHub mirrors repositories as 'namespace/name' only.");
}
