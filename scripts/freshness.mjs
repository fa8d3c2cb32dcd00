// When a build step may be skipped: its output is newer than every file it was made from. Plain JavaScript, shared by
// the build scripts that run before anything is compiled (packages/dashboard/scripts/build.mjs,
// packages/server/scripts/bundle.mjs).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time (ms) of a file, or of the files under a directory; 0 when it does not exist. */
export function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs; // a deleted file changes its directory
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** Whether the stamp file exists and is newer than every input (files or directories). */
export function isFresh(stamp, inputs) {
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return inputs.every((input) => newest(input) < built);
}
