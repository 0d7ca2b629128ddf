// Drives the real @huggingface/hub npm client against a Hub (ModelHub in the tests) and writes
// what it saw as JSON, for NpmClientTests.cs to compare with the upstream simulator's originals.
//
//   HF_TOKEN=<accessToken> node hub-client-check.mjs <hubUrl> <org/name> <outputFolder> [model|dataset]
//
// Writes <outputFolder>/result.json; the client's caches go to <outputFolder>/file-cache
// (downloadFileToCacheDir) and <outputFolder>/snapshot-cache (snapshotDownload).
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, readlink, lstat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { datasetInfo, downloadFile, downloadFileToCacheDir, listFiles, modelInfo, snapshotDownload } from "@huggingface/hub";

const [hubUrl, name, output, repoType = "model"] = process.argv.slice(2);
// A model is named by its id alone; a dataset as the client's RepoDesignation { type, name }.
const repo = repoType === "dataset" ? { type: "dataset", name } : name;
const accessToken = process.env.HF_TOKEN || undefined;
if (!output) {
  console.error("usage: HF_TOKEN=<accessToken> node hub-client-check.mjs <hubUrl> <org/name> <outputFolder> [model|dataset]");
  process.exit(2);
}

// Every request the client makes, so the test can see the pages it followed.
const requests = [];
const recordingFetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  requests.push({ method: init?.method ?? "GET", path: url.pathname + url.search, status: response.status });
  return response;
};
const common = { hubUrl, accessToken, fetch: recordingFetch };

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

// Every entry under a cache folder: directories, files with their sha256, symlinks with their target.
async function layout(root) {
  const entries = [];
  async function walk(folder) {
    for (const name of (await readdir(folder)).sort()) {
      const full = join(folder, name);
      const path = relative(root, full);
      const stat = await lstat(full);
      if (stat.isSymbolicLink()) {
        entries.push({ path, type: "symlink", target: await readlink(full), sha256: sha256(await readFile(full)) });
      } else if (stat.isDirectory()) {
        entries.push({ path, type: "directory" });
        await walk(full);
      } else {
        entries.push({ path, type: "file", size: stat.size, sha256: sha256(await readFile(full)) });
      }
    }
  }
  await walk(root);
  return entries;
}

await mkdir(output, { recursive: true });
const result = { requests };

const info = repoType === "dataset"
  ? await datasetInfo({ ...common, name, additionalFields: ["sha"] })
  : await modelInfo({ ...common, name, additionalFields: ["sha", "filePaths"] });
result.modelInfo = { id: info.id, name: info.name, sha: info.sha, private: info.private, filePaths: info.filePaths };

const listed = [];
for await (const entry of listFiles({ ...common, repo, recursive: true })) {
  listed.push({ path: entry.path, type: entry.type, size: entry.size, oid: entry.oid, lfsOid: entry.lfs?.oid ?? null });
}
result.listFiles = listed;

const files = listed.filter((entry) => entry.type === "file");
result.downloadFile = {};
for (const file of files) {
  const blob = await downloadFile({ ...common, repo, path: file.path });
  result.downloadFile[file.path] = blob === null ? null : sha256(Buffer.from(await blob.arrayBuffer()));
}

// Pinned to the commit (the snapshot folder is then that commit), and on a branch (the client then
// files the snapshot under the file's last commit and writes no ref).
const fileCache = join(output, "file-cache");
const nestedLfs = files.find((file) => file.lfsOid && file.path.includes("/"));
const regular = files.find((file) => !file.lfsOid && file.size > 0 && file.path.includes("/"));
result.downloadFileToCacheDir = [];
const onBranch = files.find((f) => f.lfsOid && f !== nestedLfs) ?? files.find((f) => f !== regular && f !== nestedLfs);
for (const [file, revision] of [[nestedLfs, info.sha], [regular, info.sha], [onBranch, "main"]]) {
  const pointer = await downloadFileToCacheDir({ ...common, repo, path: file.path, revision, cacheDir: fileCache });
  result.downloadFileToCacheDir.push({ path: file.path, revision, pointer: relative(fileCache, pointer) });
}
result.fileCache = await layout(fileCache);

const snapshotCache = join(output, "snapshot-cache");
const snapshot = await snapshotDownload({ ...common, repo, cacheDir: snapshotCache });
result.snapshotDownload = { folder: relative(snapshotCache, snapshot) };
result.snapshotCache = await layout(snapshotCache);

await writeFile(join(output, "result.json"), JSON.stringify(result, null, 2));
