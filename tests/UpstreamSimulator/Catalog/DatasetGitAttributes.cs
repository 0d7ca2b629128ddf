namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>The <c>.gitattributes</c> the Hub puts in a new dataset: which files are stored with LFS.</summary>
internal static class DatasetGitAttributes
{
    public const string Default =
        "*.7z filter=lfs diff=lfs merge=lfs -text\n*.arrow filter=lfs diff=lfs merge=lfs -text\n"
        + "*.bin filter=lfs diff=lfs merge=lfs -text\n*.gz filter=lfs diff=lfs merge=lfs -text\n"
        + "*.npy filter=lfs diff=lfs merge=lfs -text\n*.parquet filter=lfs diff=lfs merge=lfs -text\n"
        + "*.pkl filter=lfs diff=lfs merge=lfs -text\n*.safetensors filter=lfs diff=lfs merge=lfs -text\n"
        + "*.tar filter=lfs diff=lfs merge=lfs -text\n*.zip filter=lfs diff=lfs merge=lfs -text\n"
        + "*.zst filter=lfs diff=lfs merge=lfs -text\n*tfevents* filter=lfs diff=lfs merge=lfs -text\n"
        + "# Audio files - compressed\n*.flac filter=lfs diff=lfs merge=lfs -text\n*.mp3 filter=lfs diff=lfs merge=lfs -text\n"
        + "*.wav filter=lfs diff=lfs merge=lfs -text\n"
        + "# Image files - uncompressed\n*.bmp filter=lfs diff=lfs merge=lfs -text\n*.png filter=lfs diff=lfs merge=lfs -text\n"
        + "# Image files - compressed\n*.jpg filter=lfs diff=lfs merge=lfs -text\n*.jpeg filter=lfs diff=lfs merge=lfs -text\n"
        + "*.webp filter=lfs diff=lfs merge=lfs -text\n"
        + "# Video files - compressed\n*.mp4 filter=lfs diff=lfs merge=lfs -text\n*.webm filter=lfs diff=lfs merge=lfs -text\n";
}
