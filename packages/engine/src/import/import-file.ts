import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { err, ok, type Result } from '@rapport/core';

/** A file to import, checked to be readable; gzip is recognized by its magic number, not by its name. */
export interface ImportFile {
  readonly path: string;
  /** Size on disk (compressed, for a .gz file): what reading progress is measured against. */
  readonly bytes: number;
  readonly gzip: boolean;
  /** A fresh stream of the file's content, decompressed; `onRead` gets the bytes of the file read so far. */
  open(onRead?: (bytesRead: number) => void): Readable;
}

/** 1 MiB reads: fewer round trips through the stream machinery for files of hundreds of MB. */
const CHUNK_BYTES = 1024 * 1024;

function unreadable(path: string, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return `there is no file at ${path}`;
  if (code === 'EACCES' || code === 'EPERM') return `${path} cannot be read: permission denied`;
  if (code === 'EISDIR') return `${path} is a directory, not a file`;
  return `${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`;
}

/** Opens `path` for an import, or says in plain words why it cannot be read. */
export async function openImportFile(path: string): Promise<Result<ImportFile, string>> {
  let size: number;
  let gzip: boolean;
  try {
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return err(`${path} is not a regular file`);
      const head = Buffer.alloc(2);
      const { bytesRead } = await handle.read(head, 0, 2, 0);
      size = stat.size;
      gzip = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
    } finally {
      await handle.close();
    }
  } catch (error) {
    return err(unreadable(path, error));
  }
  return ok({
    path,
    bytes: size,
    gzip,
    open: (onRead) => {
      const raw = createReadStream(path, { highWaterMark: CHUNK_BYTES });
      if (onRead !== undefined) {
        let read = 0;
        raw.on('data', (chunk) => onRead((read += chunk.length)));
      }
      // pipeline destroys the gunzip stream with any error of the file stream, so readers see it.
      return gzip ? pipeline(raw, createGunzip({ chunkSize: CHUNK_BYTES }), () => undefined) : raw;
    },
  });
}
