/**
 * One coherent set of upload limits (issue 21, item 1). A 10.5 MB PDF on the intake form and a
 * step draft with a file of exactly 10,485,760 bytes used to get a 500: Next buffers the body of
 * every request proxy.ts runs for and cut it at its default 10 MB, so the server action read a
 * broken form before its own "te groot" check. Here: the file limit, the form hints, the request
 * limit and both of Next's body limits agree, checked against Next's own code. The e2e side
 * (a real browser and the built server) is in tests/e2e/hostile-input.spec.ts.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
// @ts-expect-error -- Next's bundled copy of `bytes` ships no types; it is what Next parses size limits with.
import bytesModule from "next/dist/compiled/bytes";
import { getCloneableBody } from "next/dist/server/body-streams";
import config from "@/next.config";
import en from "@/messages/en.json";
import nl from "@/messages/nl.json";
import { translator } from "@/lib/i18n/messages";
import { EVIDENCE_MAX_BYTES, evidenceErrorText } from "@/lib/onboarding/evidence";
import { MAX_BODY_BYTES, NEXT_BODY_LIMIT_BYTES, checkActionOrigin, checkBodyLimits } from "@/lib/ops/http-limits";
import { TEMPLATE_MAX_BYTES } from "@/lib/toolkit/service";
import { messageText, type Translate } from "@/lib/validation/messages";
import { CSV_IMPORT_MAX_BYTES, FILE_TOO_LARGE_MESSAGE, UPLOAD_LIMIT_PARAMS, UPLOAD_MAX_BYTES, UPLOAD_MAX_MB, checkUpload } from "@/lib/validation/uploads";

const bytes = bytesModule as { parse(value: string | number): number };

/** The body a browser sends for the step form with a file of `fileBytes` bytes. */
async function stepFormBody(fileBytes: number) {
  const fd = new FormData();
  fd.set("1_$ACTION_ID_0123456789abcdef0123456789abcdef01234567", "");
  fd.set("institutionId", "0f8fad5b-d9cb-469f-a165-70867728950e");
  fd.set("stepCode", "acceptatie");
  fd.set("version", "3");
  fd.set("completedOn", "2026-12-05");
  fd.set("note", "n".repeat(4000));
  fd.set("link", `https://example.org/${"p".repeat(1000)}`);
  fd.set("intent", "draft");
  fd.set("evidence", new File([new Uint8Array(fileBytes)], `${"b".repeat(200)}.pdf`, { type: "application/pdf" }));
  return Buffer.from(await new Response(fd).arrayBuffer());
}

/** Feeds `body` through Next's proxy body buffer (limit as configured) and counts what the action would read. */
async function throughProxyBuffer(body: Buffer, limit: number | undefined): Promise<number> {
  const source = Readable.from([body.subarray(0, body.length / 2), body.subarray(body.length / 2)], { objectMode: false }) as Readable & { url?: string };
  const clonable = getCloneableBody(source as never, limit);
  const forProxy = clonable.cloneBodyStream();
  forProxy.resume();
  const warn = console.warn;
  console.warn = () => {};
  try {
    await clonable.finalize();
  } finally {
    console.warn = warn;
  }
  let n = 0;
  for await (const chunk of source) n += (chunk as Buffer).length;
  return n;
}

describe("the upload limits agree", () => {
  test("every upload uses the one maximum, 10 MB", () => {
    assert.equal(UPLOAD_MAX_BYTES, 10_485_760);
    assert.equal(EVIDENCE_MAX_BYTES, UPLOAD_MAX_BYTES);
    assert.equal(TEMPLATE_MAX_BYTES, UPLOAD_MAX_BYTES);
  });

  test("the forms' hints and the refusals take that maximum as a value, with no figure of their own", () => {
    for (const [locale, messages] of [["nl", nl], ["en", en]] as const) {
      const texts = {
        hint: messages.onboarding.file,
        intakeHint: messages.toolkit.intake_file_hint,
        refusal: messages.v.file_too_large,
        evidence: messages.onboarding.evidence_errors.too_large,
      };
      for (const [name, text] of Object.entries(texts)) assert.doesNotMatch(text, /\d+ MB/, `${locale} ${name}: ${text}`);
      const t = translator(locale);
      assert.ok(t("onboarding.file", UPLOAD_LIMIT_PARAMS).includes(`${UPLOAD_MAX_MB} MB`));
      assert.ok(t("toolkit.intake_file_hint", UPLOAD_LIMIT_PARAMS).includes(`${UPLOAD_MAX_MB} MB`));
      assert.ok(t("v.file_too_large", UPLOAD_LIMIT_PARAMS).includes(`${UPLOAD_MAX_MB} MB`));
      assert.ok(evidenceErrorText({ code: "too_large", params: { bytes: 11_010_048 } }, locale).includes(`10,5 MB`));
      assert.ok(evidenceErrorText({ code: "too_large", params: { bytes: 11_010_048 } }, locale).includes(`${UPLOAD_MAX_MB} MB`));
    }
    // Dutch says "te groot", as the step, template and intake actions do (FILE_TOO_LARGE_MESSAGE).
    assert.equal(messageText(translator("nl") as Translate, FILE_TOO_LARGE_MESSAGE), `Het bestand is te groot: hoogstens ${UPLOAD_MAX_MB} MB.`);
    assert.match(evidenceErrorText({ code: "too_large", params: { bytes: 11_010_048 } }, "nl"), /te groot/);
  });

  test("Next's server-action and proxy body limits are the request limit of scripts/start.ts", () => {
    const experimental = config.experimental as { serverActions?: { bodySizeLimit?: number | string }; proxyClientMaxBodySize?: number | string };
    const actionLimit = bytes.parse(experimental.serverActions?.bodySizeLimit ?? "1mb");
    const proxyLimit = bytes.parse(experimental.proxyClientMaxBodySize ?? "10mb");
    assert.equal(actionLimit, NEXT_BODY_LIMIT_BYTES);
    assert.equal(proxyLimit, NEXT_BODY_LIMIT_BYTES);
    // Whatever the server lets through, Next reads whole.
    assert.ok(NEXT_BODY_LIMIT_BYTES >= MAX_BODY_BYTES);
  });

  test("a step form with a file of exactly the maximum, or 10.5 MB, passes the request limit", async () => {
    for (const size of [UPLOAD_MAX_BYTES, 10_500_000]) {
      const body = await stepFormBody(size);
      assert.equal(checkBodyLimits({ path: "/institutions/x/steps/acceptatie", headers: { "content-length": String(body.length) } }), null, String(size));
    }
  });

  test("Next's proxy buffer hands such a body to the action whole (its default of 10 MB cut it)", async () => {
    const body = await stepFormBody(UPLOAD_MAX_BYTES);
    const configured = (config.experimental as { proxyClientMaxBodySize: number }).proxyClientMaxBodySize;
    assert.equal(await throughProxyBuffer(body, configured), body.length);
    // The old setting (none): the body was cut, and the action failed with a 500.
    assert.ok((await throughProxyBuffer(body, undefined)) < body.length);
  });
});

describe("checkUpload: what an action says about a form's file", () => {
  const cases: [string, FormDataEntryValue | null, ReturnType<typeof checkUpload>["ok"], string | null][] = [
    ["no field", null, false, "missing"],
    ["a text field", "x", false, "missing"],
    ["no file chosen (empty, no name)", new File([], ""), false, "missing"],
    ["a chosen file of 0 bytes", new File([], "leeg.csv"), false, "empty"],
    ["one byte", new File([new Uint8Array(1)], "a.csv"), true, null],
    ["exactly the maximum", new File([new Uint8Array(UPLOAD_MAX_BYTES)], "a.pdf"), true, null],
    ["one byte over", new File([new Uint8Array(UPLOAD_MAX_BYTES + 1)], "a.pdf"), false, "too_large"],
  ];
  for (const [name, value, ok, reason] of cases) {
    test(name, () => {
      const r = checkUpload(value);
      assert.equal(r.ok, ok);
      assert.equal(r.ok ? null : r.reason, reason);
    });
  }
  test("a form with its own limit (the 5 MB CSV import, whose message names it)", () => {
    assert.equal(CSV_IMPORT_MAX_BYTES, 5 * 1024 * 1024);
    assert.ok(nl.institutionsAdmin.too_large.includes("5 MB"));
    const r = checkUpload(new File([new Uint8Array(CSV_IMPORT_MAX_BYTES + 1)], "a.csv"), CSV_IMPORT_MAX_BYTES);
    assert.equal(r.ok ? null : r.reason, "too_large");
    assert.equal(checkUpload(new File([new Uint8Array(CSV_IMPORT_MAX_BYTES)], "a.csv"), CSV_IMPORT_MAX_BYTES).ok, true);
  });
});

describe("checkActionOrigin", () => {
  const action = { "next-action": "abc", host: "portal.example" };
  const cases: [string, string, string, Record<string, string>, number | null][] = [
    ["same host", "POST", "/institutions", { ...action, origin: "https://portal.example" }, null],
    ["no Origin (not a browser)", "POST", "/institutions", action, null],
    ["another site", "POST", "/institutions", { ...action, origin: "https://evil.example" }, 403],
    ["another port", "POST", "/institutions", { ...action, origin: "https://portal.example:8443" }, 403],
    ["an opaque origin", "POST", "/institutions", { ...action, origin: "null" }, 403],
    ["an unreadable origin", "POST", "/institutions", { ...action, origin: "::" }, 403],
    ["behind a proxy: X-Forwarded-Host counts, as in Next", "POST", "/x", { ...action, host: "localhost:3000", "x-forwarded-host": "portal.example", origin: "https://portal.example" }, null],
    ["a no-JavaScript action form from another site", "POST", "/toolkit/x", { host: "portal.example", "content-type": "multipart/form-data; boundary=x", origin: "https://evil.example" }, 403],
    ["the REST API answers its own POSTs", "POST", "/api/v1/endpoints", { host: "portal.example", "content-type": "application/json", origin: "https://client.example" }, null],
    ["a GET is never an action", "GET", "/institutions", { ...action, origin: "https://evil.example" }, null],
  ];
  for (const [name, method, path, headers, status] of cases) {
    test(name, () => assert.equal(checkActionOrigin({ method, path, headers })?.status ?? null, status));
  }
});
