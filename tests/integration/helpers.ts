/** Shared bits for the integration tests (not a test file itself). */
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { AppError, type ErrorCode } from "@/lib/errors";

/** Row count of a table, as a number on both drivers. */
export async function countRows(db: Executor, table: string): Promise<number> {
  const rows = (await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown;
  const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
  return Number((list[0] as { n: number | string }).n);
}

/** The messages and codes of an error and every error in its cause chain (drivers wrap errors). */
export function errorChain(e: unknown): { messages: string; codes: string[] } {
  const messages: string[] = [];
  const codes: string[] = [];
  for (let cur = e as { message?: string; code?: unknown; cause?: unknown } | undefined, depth = 0; cur && depth < 5; cur = cur.cause as typeof cur, depth++) {
    if (cur.message) messages.push(cur.message);
    if (typeof cur.code === "string") codes.push(cur.code);
  }
  return { messages: messages.join(" | "), codes };
}

/** assert.rejects for an AppError with this code. */
export async function rejectsWithCode(promise: Promise<unknown>, code: ErrorCode, message?: string) {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof AppError, `expected AppError(${code}), got ${String(e)}`);
    assert.equal(e.code, code);
    if (message) assert.equal(e.message, message);
    return true;
  });
}

export const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000);
