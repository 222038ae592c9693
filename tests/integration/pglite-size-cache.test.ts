/**
 * The embedded database's remembered file sizes (db/pglite-size-cache.ts, issue 21 §3): on a
 * PGlite data folder on disk, every way Postgres grows or shrinks a relation file — inserts that
 * extend it, TRUNCATE, VACUUM's truncation of empty tail pages, VACUUM FULL's new file, DROP —
 * leaves Postgres' idea of each relation's size equal to the file on disk, and the data intact
 * after reopening without the cache.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { cacheFileSizes, type EmscriptenFsModule } from "@/db/pglite-size-cache";
import { openDatabase } from "@/db/client";
import { sql } from "drizzle-orm";

const dir = mkdtempSync(path.join(os.tmpdir(), "duo-size-cache-"));
let pg: PGlite;
let cache: { size: () => number };

before(async () => {
  pg = new PGlite(dir);
  await pg.waitReady;
  cache = cacheFileSizes(pg.Module as unknown as EmscriptenFsModule);
  await pg.exec("create table t (id int primary key, pad text not null); create index t_pad on t (pad);");
});
after(async () => {
  await pg?.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

type Fs = {
  open(path: string, flags: string): { fd: number };
  write(stream: { fd: number }, buffer: Uint8Array, offset: number, length: number, position?: number): number;
  llseek(stream: { fd: number }, offset: number, whence: number): number;
  ftruncate(fd: number, length: number): void;
  truncate(path: string, length: number): void;
  rename(from: string, to: string): void;
  close(stream: { fd: number }): void;
};

test("each way a file changes size is seen by the next seek to its end", () => {
  const FS = (pg.Module as unknown as { FS: Fs }).FS;
  // PGlite mounts the data folder at /pglite/data (its NodeFS); a scratch file beside the relations.
  const file = "/pglite/data/size-cache-probe";
  const end = (s: { fd: number }) => FS.llseek(s, 0, 2);
  const block = new Uint8Array(8192);
  const s = FS.open(file, "w+");
  assert.equal(end(s), 0);
  FS.write(s, block, 0, block.length, 0);
  assert.equal(end(s), 8192, "a write that extends");
  assert.equal(end(s), 8192, "remembered");
  assert.equal(FS.llseek(s, -100, 2), 8092, "an offset from the end");
  FS.write(s, block, 0, block.length, 16384);
  assert.equal(end(s), 24576, "a write past the end");
  FS.ftruncate(s.fd, 4096);
  assert.equal(end(s), 4096, "ftruncate on the open file");
  FS.truncate(file, 1000);
  assert.equal(end(s), 1000, "truncate by path");
  FS.close(s);
  FS.rename(file, `${file}-2`);
  const t = FS.open(`${file}-2`, "r+");
  assert.equal(end(t), 1000, "after close and rename");
  FS.close(t);
  assert.equal(statSync(path.join(dir, "size-cache-probe-2")).size, 1000);
});

/** Postgres' size of a relation (through the cache) and the size of its file on disk. */
async function sizes(relation: string): Promise<{ postgres: number; disk: number }> {
  const { rows } = await pg.query<{ size: string; file: string }>(`select pg_relation_size('${relation}')::text as size, pg_relation_filepath('${relation}') as file`);
  return { postgres: Number(rows[0].size), disk: statSync(path.join(dir, rows[0].file)).size };
}

async function count(): Promise<number> {
  const { rows } = await pg.query<{ n: number }>("select count(*)::int as n from t");
  return rows[0].n;
}

async function insert(from: number, n: number) {
  await pg.query(`insert into t select g, repeat(md5(g::text), 4) from generate_series(${from}, ${from + n - 1}) g`);
}

test("a relation that grows is seen at its new size, and the sizes are remembered between writes", async () => {
  let total = 0;
  let last = 0;
  for (let round = 0; round < 5; round++) {
    await insert(total + 1, 3000);
    total += 3000;
    assert.equal(await count(), total);
    for (const rel of ["t", "t_pkey", "t_pad"]) {
      const s = await sizes(rel);
      assert.equal(s.postgres, s.disk, `${rel} after round ${round}`);
    }
    const now = (await sizes("t")).postgres;
    assert.ok(now > last, `t grew in round ${round}`);
    last = now;
  }
  assert.ok(cache.size() > 0, "sizes are remembered");
  // Reading again asks no new size of the disk where nothing was written.
  const before = cache.size();
  assert.equal(await count(), total);
  assert.equal(await count(), total);
  assert.ok(cache.size() >= before);
});

test("truncation, VACUUM's tail truncation, VACUUM FULL and DROP keep sizes true", async () => {
  await pg.exec("delete from t where id > 3000");
  await pg.exec("vacuum t");
  for (const rel of ["t", "t_pkey", "t_pad"]) {
    const s = await sizes(rel);
    assert.equal(s.postgres, s.disk, `${rel} after vacuum`);
  }
  assert.equal(await count(), 3000);
  await pg.exec("vacuum full t;");
  const full = await sizes("t");
  assert.equal(full.postgres, full.disk);
  assert.equal(await count(), 3000);
  await pg.exec("truncate t;");
  const empty = await sizes("t");
  assert.deepEqual(empty, { postgres: 0, disk: 0 });
  assert.equal(await count(), 0);
  await insert(1, 5000);
  const again = await sizes("t");
  assert.equal(again.postgres, again.disk);
  assert.ok(again.postgres > 0);
  await pg.exec("create table gone (x int); insert into gone select generate_series(1, 1000); drop table gone;");
  assert.equal(await count(), 5000);
});

test("the data is intact when the folder is opened again without the cache, and npm start's handle uses it", async () => {
  await pg.close();
  const plain = new PGlite(dir);
  const { rows } = await plain.query<{ n: number; s: number }>("select count(*)::int as n, sum(id)::int as s from t");
  assert.deepEqual(rows[0], { n: 5000, s: (5000 * 5001) / 2 });
  const check = await plain.query<{ ok: boolean }>("select count(*) = 5000 as ok from t where pad = repeat(md5(id::text), 4)");
  assert.equal(check.rows[0].ok, true);
  await plain.close();
  // openDatabase (the embedded database of npm start) installs the cache on its module.
  const handle = openDatabase({ kind: "pglite", dir });
  const res = await handle.db.execute(sql`select count(*)::int as n from t`);
  assert.equal((res as unknown as { rows: { n: number }[] }).rows[0].n, 5000);
  const client = (handle.db as unknown as { $client: PGlite }).$client;
  const installed = (client.Module as unknown as { NODEFS: Record<symbol, { size: () => number }> }).NODEFS[Symbol.for("duo.pgliteSizeCache")];
  assert.ok(installed && installed.size() > 0, "the size cache is installed and used");
  await handle.close();
  pg = new PGlite(dir);
});
