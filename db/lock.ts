/**
 * A pid lockfile next to the PGlite data folder. PGlite has no locking of its own: two
 * processes on one folder silently lose writes, so a second process is refused with a clear
 * message, and a lock left behind by a process that died (kill -9) is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

export class DatabaseLockedError extends Error {
  readonly code = "database_locked";
  constructor(
    public readonly dataDir: string,
    public readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is already in use by process ${pid}. ` +
        `Stop that process first (it may be another "npm start" or "npm run dev"), ` +
        `or set DATABASE_URL to share a real Postgres between processes.`,
    );
    this.name = "DatabaseLockedError";
  }
}

export function lockPathFor(dataDir: string) {
  return `${path.resolve(dataDir)}.lock`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(lockPath: string): { pid: number; host?: string } | null {
  try {
    const parsed = JSON.parse(readFileSync(lockPath, "utf8"));
    return typeof parsed?.pid === "number" ? parsed : null;
  } catch {
    return null;
  }
}

/** Locks this process holds, with how many opens share each (released when the count hits 0). */
const held = new Map<string, number>();

/** Takes the lock for this process (re-entrant); returns a release function. */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = lockPathFor(dataDir);
  if (held.has(lockPath)) {
    held.set(lockPath, held.get(lockPath)! + 1);
    return once(() => releaseLock(lockPath));
  }
  mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
      closeSync(fd);
      held.set(lockPath, 1);
      process.once("exit", () => releaseLock(lockPath, true));
      return once(() => releaseLock(lockPath));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = readHolder(lockPath);
      if (holder && holder.pid === process.pid) {
        held.set(lockPath, (held.get(lockPath) ?? 0) + 1);
        return once(() => releaseLock(lockPath));
      }
      if (holder && (holder.host ?? hostname()) === hostname() && isAlive(holder.pid)) {
        throw new DatabaseLockedError(path.resolve(dataDir), holder.pid);
      }
      // Stale (holder died) or unreadable: remove it and try again.
      try {
        unlinkSync(lockPath);
      } catch {
        /* another process may have removed it first */
      }
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}

function once(fn: () => void) {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}

function releaseLock(lockPath: string, all = false) {
  const count = held.get(lockPath);
  if (!count) return;
  if (count > 1 && !all) {
    held.set(lockPath, count - 1);
    return;
  }
  held.delete(lockPath);
  const holder = readHolder(lockPath);
  if (holder?.pid === process.pid) {
    try {
      unlinkSync(lockPath);
    } catch {
      /* already gone */
    }
  }
}
