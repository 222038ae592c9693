import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { acquireDataDirLock, DatabaseLockedError, lockPathFor } from "@/db/lock";

const root = path.resolve(__dirname, "..", "..", "..");
let base: string;
let n = 0;
const freshDir = () => path.join(base, `data-${++n}`, "pglite");
const holderPid = (dir: string) => JSON.parse(readFileSync(lockPathFor(dir), "utf8")).pid as number;

/** Starts tests/fixtures/lock-holder.ts on `dir` and resolves once it reports. */
function startHolder(dir: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "tests/fixtures/lock-holder.ts"), dir], {
    cwd: root,
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`lock holder did not report in time: ${out}`)), 60_000);
    child.stdout!.on("data", (d) => {
      out += String(d);
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolve({ child, line: out.trim() });
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (!out.includes("\n")) reject(new Error(`lock holder exited with ${code} before reporting: ${out}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** The pid of a process that has certainly finished. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const pid = child.pid!;
  await exited(child);
  return pid;
}

before(() => {
  base = mkdtempSync(path.join(tmpdir(), "duo-lock-test-"));
});
after(() => {
  rmSync(base, { recursive: true, force: true });
});

describe("acquireDataDirLock", () => {
  test("writes a lock file next to the folder holding this pid; release removes it", () => {
    const dir = freshDir();
    const release = acquireDataDirLock(dir);
    assert.equal(lockPathFor(dir), `${path.resolve(dir)}.lock`);
    assert.ok(existsSync(lockPathFor(dir)));
    const content = JSON.parse(readFileSync(lockPathFor(dir), "utf8"));
    assert.equal(content.pid, process.pid);
    assert.equal(content.host, hostname());
    release();
    assert.equal(existsSync(lockPathFor(dir)), false);
    // Releasing twice is harmless.
    assert.doesNotThrow(release);
  });

  test("is re-entrant within one process", () => {
    const dir = freshDir();
    const release1 = acquireDataDirLock(dir);
    const release2 = acquireDataDirLock(dir);
    const release3 = acquireDataDirLock(path.join(dir, "..", "pglite")); // same folder, other spelling
    assert.equal(holderPid(dir), process.pid);
    release3();
    release2();
    release1();
    assert.equal(existsSync(lockPathFor(dir)), false);
  });

  test("a lock file with this process's pid (left by an earlier open) is accepted", () => {
    const dir = freshDir();
    const lockPath = lockPathFor(dir);
    acquireDataDirLock(dir)(); // creates the parent folder
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, host: hostname() }));
    const release = acquireDataDirLock(dir);
    release();
    assert.equal(existsSync(lockPath), false);
  });

  test("a second process holding the lock: DatabaseLockedError naming its pid; after it exits the lock is free", async () => {
    const dir = freshDir();
    const { child, line } = await startHolder(dir);
    try {
      assert.equal(line, `locked ${child.pid}`);
      assert.equal(holderPid(dir), child.pid);
      assert.throws(
        () => acquireDataDirLock(dir),
        (e: unknown) => {
          assert.ok(e instanceof DatabaseLockedError, String(e));
          assert.equal(e.code, "database_locked");
          assert.equal(e.pid, child.pid);
          assert.equal(e.dataDir, path.resolve(dir));
          assert.ok(e.message.includes(`process ${child.pid}`), e.message);
          assert.ok(e.message.includes(path.resolve(dir)), e.message);
          return true;
        },
      );
      // The refusal did not disturb the holder's lock.
      assert.equal(holderPid(dir), child.pid);
    } finally {
      child.stdin!.end();
    }
    assert.equal(await exited(child), 0);
    // A normal exit releases the lock.
    assert.equal(existsSync(lockPathFor(dir)), false);
    const release = acquireDataDirLock(dir);
    assert.equal(holderPid(dir), process.pid);
    release();
  });

  test("this process holding the lock: a second process is refused", async () => {
    const dir = freshDir();
    const release = acquireDataDirLock(dir);
    try {
      const { child, line } = await startHolder(dir);
      await exited(child);
      assert.match(line, /^error /);
      assert.ok(line.includes(`process ${process.pid}`), line);
      assert.equal(holderPid(dir), process.pid);
    } finally {
      release();
    }
  });

  test("a holder killed with SIGKILL leaves a stale lock that is taken over", async () => {
    const dir = freshDir();
    const { child } = await startHolder(dir);
    child.kill("SIGKILL");
    await exited(child);
    assert.equal(holderPid(dir), child.pid, "the dead holder's lock file is still there");
    const release = acquireDataDirLock(dir);
    assert.equal(holderPid(dir), process.pid);
    release();
    assert.equal(existsSync(lockPathFor(dir)), false);
  });

  test("a lock file naming a dead pid is taken over", async () => {
    const dir = freshDir();
    const release0 = acquireDataDirLock(dir);
    release0();
    const pid = await deadPid();
    writeFileSync(lockPathFor(dir), JSON.stringify({ pid, host: hostname(), at: "2020-01-01T00:00:00.000Z" }));
    const release = acquireDataDirLock(dir);
    assert.equal(holderPid(dir), process.pid);
    release();
    assert.equal(existsSync(lockPathFor(dir)), false);
  });

  for (const [name, content] of [
    ["empty", ""],
    ["not JSON", "garbage"],
    ["no pid", JSON.stringify({ host: hostname() })],
  ] as const) {
    test(`an unreadable lock file (${name}) is taken over`, () => {
      const dir = freshDir();
      acquireDataDirLock(dir)();
      writeFileSync(lockPathFor(dir), content);
      const release = acquireDataDirLock(dir);
      assert.equal(holderPid(dir), process.pid);
      release();
    });
  }

  test("release does not remove a lock file that another process has taken since", async () => {
    const dir = freshDir();
    const release = acquireDataDirLock(dir);
    const other = await deadPid();
    // Simulates the file having been replaced behind our back.
    writeFileSync(lockPathFor(dir), JSON.stringify({ pid: other, host: hostname() }));
    release();
    assert.equal(holderPid(dir), other);
  });
});
