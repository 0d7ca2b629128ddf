namespace ModelHub.Storage;

/// <summary>
/// Whether a file's create or move failed because a folder on its way is missing, so that making the folder and trying
/// again is the answer. The runtime says so with a <see cref="DirectoryNotFoundException"/>, except when another writer
/// made the folder between the failed call and the runtime's look at it: then it blames the file, with a
/// <see cref="FileNotFoundException"/> that names the source of a move although it is there.
/// </summary>
internal static class MissingFolder
{
    public static bool Caused(IOException error) => error is DirectoryNotFoundException or FileNotFoundException;
}
