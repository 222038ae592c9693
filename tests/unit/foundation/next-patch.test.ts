import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { isUtf8 } from "node:buffer";
import { Readable } from "node:stream";
import { ANCHOR, FLIGHT_PUSH_BYTES, INSERT, MARKER, RUNTIME_FILES, patchRuntime, unpatchedRuntimeFiles } from "@/scripts/patch-next";

/**
 * The loop of Next's inline-payload function, with the patch's own text in it: read what the
 * stream holds, let the patch cut it, keep the piece as one push, until the stream has ended.
 */
async function pushes(chunks: Buffer[]): Promise<Buffer[]> {
  const cut = new Function("e", "n", `${INSERT};return n`) as (e: Readable, n: Buffer | null) => Buffer | null;
  const e = Readable.from(chunks, { objectMode: false });
  const out: Buffer[] = [];
  for (;;) {
    const n = cut(e, e.read() as Buffer | null);
    if (n !== null) {
      out.push(Buffer.from(n));
      continue;
    }
    if (e.readableEnded) return out;
    await new Promise<void>((resolve) => {
      const done = () => {
        e.off("readable", done);
        e.off("end", done);
        resolve();
      };
      e.on("readable", done);
      e.on("end", done);
    });
  }
}

/** A payload like a Dutch page's, of at most `bytes` bytes: mostly ASCII, with characters of two, three and four bytes. */
function payload(bytes: number): Buffer {
  const parts = ["row:[\"$\",\"td\",null,{\"children\":\"Ziekenhuis\"}]\n", "— ", "„Mitz” ", "é", "…", "𝄞"];
  let s = "";
  for (let i = 0; s.length < bytes; i++) s += parts[i % parts.length];
  const b = Buffer.from(s);
  let end = bytes;
  while ((b[end] & 0xc0) === 0x80) end--; // whole characters: end before a continuation byte
  return b.subarray(0, end);
}

describe("the patch to Next's inline RSC payload (scripts/patch-next.ts)", () => {
  test("the installed runtime carries it", () => {
    for (const file of RUNTIME_FILES) {
      const source = readFileSync(require.resolve(file), "utf8");
      assert.ok(source.includes(MARKER), `${file} is patched: run \`npm install\` (postinstall) or \`npx tsx scripts/patch-next.ts\``);
      assert.equal(source.split(MARKER).length, 2, `${file} carries the patch once`);
    }
  });

  test("start-up finds an unpatched runtime (scripts/start.ts then logs next.runtime_unpatched)", () => {
    assert.deepEqual(unpatchedRuntimeFiles(), [], "the installed runtime");
    const dir = mkdtempSync(path.join(os.tmpdir(), "next-patch-"));
    try {
      const file = path.join(dir, "node_modules", RUNTIME_FILES[0]);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `x;${ANCHOR}y`);
      assert.deepEqual(unpatchedRuntimeFiles(dir), [RUNTIME_FILES[0]]);
      writeFileSync(file, patchRuntime(`x;${ANCHOR}y`).source);
      assert.deepEqual(unpatchedRuntimeFiles(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("patching is done once, and refuses a runtime without exactly one anchor", () => {
    const once = patchRuntime(`a;${ANCHOR}b`);
    assert.equal(once.changed, true);
    assert.equal(once.source, `a;${ANCHOR}${INSERT}b`);
    assert.deepEqual(patchRuntime(once.source), { source: once.source, changed: false });
    assert.throws(() => patchRuntime("no anchor here"), /0 copies .* Next was upgraded/);
    assert.throws(() => patchRuntime(`${ANCHOR}x${ANCHOR}`), /2 copies/);
  });

  const cases: { name: string; chunks: Buffer[] }[] = [
    { name: "a small payload stays one push", chunks: [payload(10_000)] },
    { name: "exactly the limit stays one push", chunks: [payload(FLIGHT_PUSH_BYTES)] },
    { name: "the dashboard's size (81 KB) in one read", chunks: [payload(81_267)] },
    { name: "a large payload in several reads", chunks: [payload(50_000), payload(70_000), payload(3)] },
    { name: "ASCII only", chunks: [Buffer.from("x".repeat(100_000))] },
    { name: "a multi-byte character right at the limit", chunks: [Buffer.concat([Buffer.from("x".repeat(FLIGHT_PUSH_BYTES - 1)), Buffer.from("𝄞—é".repeat(20_000))])] },
  ];
  for (const { name, chunks } of cases) {
    test(name, async () => {
      const whole = Buffer.concat(chunks);
      const out = await pushes(chunks);
      assert.ok(Buffer.concat(out).equals(whole), "the pushes together are the payload, in order");
      for (const p of out) {
        assert.ok(p.length <= FLIGHT_PUSH_BYTES + 3, `a push of ${p.length} bytes`);
        assert.ok(isUtf8(p), "each push is whole characters (Next sends it as text, not base64)");
      }
      if (whole.length <= FLIGHT_PUSH_BYTES) assert.equal(out.length, chunks.length);
      else assert.ok(out.length >= Math.ceil(whole.length / (FLIGHT_PUSH_BYTES + 3)));
    });
  }
});
