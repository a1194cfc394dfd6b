import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";

/** A destination that cannot be written: the CLI says so in one line and exits 2. */
export class OutputError extends Error {}

/** A closed pipe (`tdlab … | head`): the reader has what it wanted; the CLI ends quietly. */
export class ClosedPipe extends Error {}

export interface Output {
  /** Append text; it reaches the destination in chunks of about 64 KB, synchronously. */
  write(text: string): void;
  /** Everything written: flush, and for a file, move it into place. */
  finish(): void;
  /** Nothing of this run is kept: for a file, the temporary file goes and FILE stays as it was. */
  abort(): void;
}

const CHUNK = 1 << 16;

/**
 * Where a run's lines go, streamed as they come so that memory does not grow with the output.
 * Standard output, or `out`: opened before any computing (a bad path fails at once), written to a
 * temporary file beside it and renamed on success, so FILE is never half-written, and guarded by
 * FILE.lock so a second tdlab writing the same FILE is refused rather than silently overwritten.
 */
export function openOutput({ out }: { out: string | null }): Output {
  let buffer = "";
  if (!out) {
    const flush = () => {
      if (!buffer) return;
      const text = buffer;
      buffer = "";
      writeAll(1, text);
    };
    return {
      write(text) {
        buffer += text;
        if (buffer.length >= CHUNK) flush();
      },
      finish: flush,
      abort: () => void (buffer = ""),
    };
  }
  const target = path.resolve(out);
  const dir = path.dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new OutputError(`cannot write --out ${out}: no folder ${dir}`);
  if (existsSync(target) && statSync(target).isDirectory())
    throw new OutputError(`cannot write --out ${out}: it is a folder`);
  const lock = `${target}.lock`;
  takeLock({ lock, out });
  const partial = `${target}.partial-${process.pid}`;
  let fd: number;
  try {
    fd = openSync(partial, "w");
  } catch (error) {
    rmSync(lock, { force: true });
    throw new OutputError(
      `cannot write --out ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const flush = () => {
    if (buffer) writeAll(fd, buffer);
    buffer = "";
  };
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    closeSync(fd);
  };
  return {
    write(text) {
      buffer += text;
      if (buffer.length >= CHUNK) flush();
    },
    finish() {
      flush();
      close();
      renameSync(partial, target);
      rmSync(lock, { force: true });
    },
    abort() {
      buffer = "";
      close();
      rmSync(partial, { force: true });
      rmSync(lock, { force: true });
    },
  };
}

/** FILE.lock holds the writer's pid; a lock whose process is gone (a crash, a kill -9) is taken over. */
function takeLock({ lock, out }: { lock: string; out: string }) {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST")
        throw new OutputError(`cannot write --out ${out}: ${(error as NodeJS.ErrnoException).code}`);
      const pid = Number(readFileSync(lock, "utf8"));
      if (alive(pid))
        throw new OutputError(
          `--out ${out} is being written by another tdlab (pid ${pid}); wait for it or choose another file`,
        );
      rmSync(lock, { force: true });
    }
  }
  throw new OutputError(`cannot take ${lock}`);
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
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
