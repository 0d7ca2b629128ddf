namespace ModelHub.Api.Management.Files;

public sealed record DirectoryResponse(string Path, int Files, long Bytes);
