import {
  closeSync,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { takeLock } from "./lock.js";

/** A destination that cannot be written: the CLI says so in one line and exits 2. */
export class OutputError extends Error {}

/** A closed pipe (`tdlab … | head`): the reader has what it wanted; the CLI ends quietly. */
export class ClosedPipe extends Error {}

export interface Output {
  /** Append text; it reaches the destination in chunks of about 64 KB, synchronously. */
  write(text: string): void;
  /** Everything written: flush, and for a file, move it into place. */
  finish(): void;
  /**
   * The run stopped short (interrupted, or a sweep point lost): keep what was written, but never
   * in place of a FILE that already exists. Returns where it went (FILE, or FILE.interrupted beside it).
   */
  keepIncomplete(): string | null;
  /** Nothing of this run is kept: for a file, the temporary file goes and FILE stays as it was. */
  abort(): void;
}

const CHUNK = 1 << 16;

/** Lines buffered into ~64 KB writes on `fd`; `close` runs once, whatever ends the output first. */
function buffered(fd: number, close: () => void) {
  let buffer = "";
  let open = true;
  const flush = () => {
    if (buffer) writeAll(fd, buffer);
    buffer = "";
  };
  return {
    write(text: string) {
      buffer += text;
      if (buffer.length >= CHUNK) flush();
    },
    flush,
    drop() {
      buffer = "";
    },
    close() {
      if (!open) return;
      open = false;
      close();
    },
  };
}

/**
 * Where a run's lines go, streamed as they come so that memory does not grow with the output.
 * Standard output; or `out`, opened before any computing (a bad path fails at once). A regular
 * FILE is written to a temporary file beside it and renamed on success, so it is never half-written,
 * and guarded by FILE.lock so a second tdlab writing it is refused. A FIFO, a device or a socket is
 * written as it is (no lock, no rename: `--out /dev/null` must not replace /dev/null); a symlink is
 * followed, so what it names is written and the link stays.
 */
export function openOutput({ out }: { out: string | null }): Output {
  if (!out) return standardOutput();
  const target = resolveTarget(out);
  if (target.special) return specialOutput({ out, file: target.file });
  return fileOutput({ out, file: target.file });
}

function standardOutput(): Output {
  const b = buffered(1, () => {});
  const keepIncomplete = () => {
    b.flush();
    return null;
  };
  return { write: b.write, finish: b.flush, keepIncomplete, abort: b.drop };
}

/** The file `out` names after following symlinks, and whether it is something other than a regular file. */
function resolveTarget(out: string): { file: string; special: boolean } {
  const given = path.resolve(out);
  let stat: ReturnType<typeof statSync> | undefined;
  try {
    stat = statSync(given);
  } catch {}
  if (stat?.isDirectory()) throw new OutputError(`cannot write --out ${out}: it is a folder`);
  if (stat && !stat.isFile()) return { file: given, special: true };
  let file = given;
  try {
    if (lstatSync(given).isSymbolicLink()) file = realpathSync(given);
  } catch {}
  const dir = path.dirname(file);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new OutputError(`cannot write --out ${out}: no folder ${dir}`);
  return { file, special: false };
}

function specialOutput({ out, file }: { out: string; file: string }): Output {
  // /dev/stdout and the like name a descriptor this process already holds; a socket cannot be reopened.
  const own = ownDescriptor(file);
  let fd: number;
  try {
    fd = own ?? openSync(file, "w");
  } catch (error) {
    throw new OutputError(`cannot write --out ${out}: ${(error as NodeJS.ErrnoException).code}`);
  }
  const b = buffered(fd, () => own === null && closeSync(fd));
  const end = () => {
    b.flush();
    b.close();
  };
  const keepIncomplete = () => {
    end();
    return file;
  };
  const abort = () => {
    b.drop();
    b.close();
  };
  return { write: b.write, finish: end, keepIncomplete, abort };
}

/** 1 or 2 when `file` is this process's standard output or error (the same device and inode), else null. */
function ownDescriptor(file: string): number | null {
  try {
    const { dev, ino } = statSync(file);
    for (const fd of [1, 2]) {
      const s = fstatSync(fd);
      if (s.dev === dev && s.ino === ino) return fd;
    }
  } catch {}
  return null;
}

function fileOutput({ out, file }: { out: string; file: string }): Output {
  const lock = takeLock({ file, out, refuse: (message) => new OutputError(message) });
  const partial = `${file}.partial-${process.pid}`;
  let fd: number;
  try {
    fd = openSync(partial, "w");
  } catch (error) {
    lock.release();
    throw new OutputError(`cannot write --out ${out}: ${(error as NodeJS.ErrnoException).code}`);
  }
  const b = buffered(fd, () => closeSync(fd));
  const moveTo = (where: string) => {
    b.flush();
    b.close();
    renameSync(partial, where);
    lock.release();
    return where;
  };
  return {
    write: b.write,
    finish: () => void moveTo(file),
    keepIncomplete: () => moveTo(existsSync(file) ? `${file}.interrupted` : file),
    abort() {
      b.drop();
      b.close();
      rmSync(partial, { force: true });
      lock.release();
    },
  };
}

/** Write all of `text`, waiting out a full non-blocking pipe; a closed one is a ClosedPipe. */
function writeAll(fd: number, text: string) {
  let bytes = Buffer.from(text);
  while (bytes.length) {
    try {
      const n = writeSync(fd, bytes);
      bytes = bytes.subarray(n);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EPIPE") throw new ClosedPipe();
      if (code !== "EAGAIN") throw error;
      // The reader is slower than the run: this is the back-pressure, a short wait, then again.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}
