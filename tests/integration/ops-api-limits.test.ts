/**
 * Bad input on the REST API body (issue 9): the handler reads at most MAX_BODY_BYTES, whether
 * the length is declared or the body streams in without one, and answers problem+json.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { DEMO_USERS } from "@/db/seed";
import { MAX_BODY_BYTES, handleApiV1Request } from "@/lib/api/v1";
import type { Actor } from "@/lib/auth/policy";
import { createApiToken } from "@/lib/registry/api-tokens";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

let t: TestDb;
let token: string;
const NOW = new Date("2031-03-01T12:00:00Z");

before(async () => {
  t = await createTestDb({ from: "seeded" });
    const [u] = await t.db.select().from(users).where(eq(users.email, DEMO_USERS[0].email));
  // The demo programme admin, as the permission gate sees them (no session needed here).
  const admin: Actor = { userId: u.id, email: u.email, name: u.name, locale: "nl", memberships: [{ role: "programme_admin", institutionId: null, vendorCode: null }] };
  token = (await createApiToken(t.db, { actor: admin, auditActor: { userId: admin.userId, label: admin.email }, values: { name: "limits", scope: "vendor", institutionId: null, vendorCode: "enovation", expiresInDays: 30 }, now: NOW })).token;
});
after(async () => {
  await t.dispose();
});

function post(body: BodyInit, headers: Record<string, string>) {
  const req = new Request("http://portal.test/api/v1/endpoints", { method: "POST", headers: { Authorization: `Bearer ${token}`, ...headers }, body, duplex: "half" } as RequestInit);
  return handleApiV1Request(req, ["endpoints"], { db: t.db, now: NOW, limitPerMinute: 10_000 });
}

/** A body that arrives in 4 KB pieces without a declared length, and counts what was pulled. */
function stream(totalBytes: number) {
  let sent = 0;
  const piece = new Uint8Array(4096).fill(0x20);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      sent += piece.byteLength;
      controller.enqueue(piece);
    },
  });
  return { body, pulled: () => sent };
}

async function expectProblem(res: Response, status: number, type: string) {
  assert.equal(res.status, status);
  assert.match(res.headers.get("content-type") ?? "", /^application\/problem\+json/);
  const body = await res.json();
  assert.equal(body.status, status);
  assert.ok(String(body.type).endsWith(`/${type}`), body.type);
  assert.match(body.detail, /\S/);
}

describe("REST API request bodies", () => {
  test("a declared length above the cap is refused without reading the body", async () => {
    await expectProblem(await post(JSON.stringify({ pad: "x".repeat(MAX_BODY_BYTES) }), { "Content-Type": "application/json", "Content-Length": String(MAX_BODY_BYTES + 20) }), 413, "payload-too-large");
  });

  test("a body streamed without a length stops being read at the cap", async () => {
    const s = stream(10 * 1024 * 1024);
    await expectProblem(await post(s.body, { "Content-Type": "application/json" }), 413, "payload-too-large");
    assert.ok(s.pulled() <= MAX_BODY_BYTES + 3 * 4096, `read ${s.pulled()} bytes of 10 MB`);
  });

  test("not JSON: 415 for another content type, 400 for a broken body", async () => {
    await expectProblem(await post("url=https://x", { "Content-Type": "text/plain" }), 415, "unsupported-media-type");
    await expectProblem(await post('{"url": "https://x",', { "Content-Type": "application/json" }), 400, "invalid-json");
  });

  test("a body within the cap reaches validation (422, not a size error)", async () => {
    await expectProblem(await post(JSON.stringify({ url: "not a url" }), { "Content-Type": "application/json" }), 422, "validation");
  });
});
