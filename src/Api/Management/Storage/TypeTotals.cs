namespace ModelHub.Api.Management.Storage;

/// <summary>One repository type's share of the store: its repositories and the files and bytes they have stored (a blob two of them share counts for both).</summary>
internal sealed record TypeTotals(int Repositories, int StoredFiles, long StoredBytes);
