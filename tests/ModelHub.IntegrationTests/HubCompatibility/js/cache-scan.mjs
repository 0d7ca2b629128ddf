// Reads a Hugging Face cache folder with the npm client's own cache tool and prints what it found as JSON,
// for CacheViewTests.cs to compare ModelHub's cache view with the client's own cache.
//
//   node cache-scan.mjs <cacheFolder>
import { scanCacheDir } from "@huggingface/hub";

const [folder] = process.argv.slice(2);
if (!folder) {
  console.error("usage: node cache-scan.mjs <cacheFolder>");
  process.exit(2);
}

const scanned = await scanCacheDir(folder);
const repos = scanned.repos.map((repo) => ({
  type: repo.id.type,
  name: repo.id.name,
  size: repo.size,
  filesCount: repo.filesCount,
  revisions: repo.revisions
    .map((revision) => ({
      commit: revision.commitOid,
      refs: [...revision.refs].sort(),
      size: revision.size,
      files: revision.files.map((file) => ({ name: file.path.slice(revision.path.length + 1), size: file.blob.size })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    }))
    .sort((a, b) => (a.commit < b.commit ? -1 : 1)),
}));
console.log(JSON.stringify({ size: scanned.size, repos, warnings: scanned.warnings.map((warning) => String(warning)) }));
