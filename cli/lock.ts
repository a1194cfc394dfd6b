import { linkSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";

/** How often a writer touches its lock, and after how long without a touch the lock is stale. */
export const HEARTBEAT_MS = 5_000;
export const STALE_MS = 60_000;

interface Holder {
  host: string;
  pid: number;
}

/**
 * FILE.lock: the writer's host and pid, its mtime refreshed every HEARTBEAT_MS while it writes (the
 * way proper-lockfile keeps a lock alive on a shared file system). Another host's lock is honoured
 * until it goes STALE_MS without a heartbeat; on this host a lock whose process is gone is taken
 * over at once. A second writer is refused with `refuse(message)`.
 */
export function takeLock({ file, out, refuse }: { file: string; out: string; refuse: (m: string) => Error }) {
  const lock = `${file}.lock`;
  const me: Holder = { host: hostname(), pid: process.pid };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      placeLock({ lock, me });
      const beat = setInterval(() => touch(lock), HEARTBEAT_MS);
      beat.unref();
      return {
        release() {
          clearInterval(beat);
          rmSync(lock, { force: true });
        },
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") throw refuse(`cannot write --out ${out}: ${code}`);
      const holder = readHolder(lock);
      if (holder && !stale({ lock, holder, me }))
        throw refuse(
          `--out ${out} is being written by another tdlab (pid ${holder.pid}${holder.host === me.host ? "" : ` on ${holder.host}`}); wait for it or choose another file`,
        );
      rmSync(lock, { force: true });
    }
  }
  throw refuse(`cannot take ${lock}`);
}

/**
 * The lock appears whole or not at all: written beside it, then hard-linked into place, which fails
 * with EEXIST when another writer holds it (atomic on local and network file systems alike).
 */
function placeLock({ lock, me }: { lock: string; me: Holder }) {
  const draft = `${lock}.${me.host}.${me.pid}`;
  writeFileSync(draft, JSON.stringify(me));
  try {
    linkSync(draft, lock);
  } finally {
    rmSync(draft, { force: true });
  }
}

function touch(lock: string) {
  const now = new Date();
  try {
    utimesSync(lock, now, now);
  } catch {}
}

/** The lock's holder; a bare pid is an older tdlab's lock on this host; null when gone or unreadable. */
function readHolder(lock: string): Holder | null {
  let text: string;
  try {
    text = readFileSync(lock, "utf8").trim();
  } catch {
    return null;
  }
  if (/^\d+$/.test(text)) return { host: hostname(), pid: Number(text) };
  try {
    const o = JSON.parse(text);
    if (typeof o.host === "string" && Number.isInteger(o.pid)) return o;
  } catch {}
  // Half-written (an older tdlab wrote its lock in place): treat it as held unless its heartbeat is old.
  return { host: "", pid: 0 };
}

function stale({ lock, holder, me }: { lock: string; holder: Holder; me: Holder }): boolean {
  let age: number;
  try {
    age = Date.now() - statSync(lock).mtimeMs;
  } catch {
    return true;
  }
  if (age > STALE_MS) return true;
  return holder.host === me.host && !alive(holder.pid);
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
