import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { EVIDENCE_MAX_BYTES, checkEvidenceFile, contentDisposition, evidenceErrorText, safeFilename, sniffEvidenceType } from "@/lib/onboarding/evidence";

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));

const PDF = bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
const PNG = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], "JFIF\0", [0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
const EXE = bytes("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00", "This program cannot be run in DOS mode.");

describe("sniffEvidenceType", () => {
  const cases: [string, Uint8Array, string | null][] = [
    ["PDF", PDF, "application/pdf"],
    ["PNG", PNG, "image/png"],
    ["JPEG (JFIF)", JPEG, "image/jpeg"],
    ["JPEG (Exif)", bytes([0xff, 0xd8, 0xff, 0xe1, 0, 0]), "image/jpeg"],
    ["Windows executable (MZ)", EXE, null],
    ["ELF executable", bytes([0x7f], "ELF\x02\x01\x01"), null],
    ["ZIP / docx", bytes("PK\x03\x04\x14\x00"), null],
    ["GIF", bytes("GIF89a\x01\x00"), null],
    ["HTML", bytes("<!doctype html><script>alert(1)</script>"), null],
    ["SVG", bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'), null],
    ["'%PDF' without the dash", bytes("%PDF1.7"), null],
    ["PDF signature not at the start", bytes(" %PDF-1.7"), null],
    ["truncated PNG signature", PNG.subarray(0, 7), null],
    ["two JPEG bytes", bytes([0xff, 0xd8]), null],
    ["empty", new Uint8Array(0), null],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => {
      assert.equal(sniffEvidenceType(input)?.contentType ?? null, expected);
    });
  }

  test("extension follows the content type", () => {
    assert.deepEqual(sniffEvidenceType(PDF), { contentType: "application/pdf", extension: "pdf" });
    assert.deepEqual(sniffEvidenceType(PNG), { contentType: "image/png", extension: "png" });
    assert.deepEqual(sniffEvidenceType(JPEG), { contentType: "image/jpeg", extension: "jpg" });
  });
});

describe("checkEvidenceFile", () => {
  test("a PDF is accepted with its sha256 and a safe name", () => {
    const res = checkEvidenceFile({ bytes: PDF, filename: "Getekende overeenkomst.pdf" });
    assert.ok(res.ok);
    assert.equal(res.type.contentType, "application/pdf");
    assert.equal(res.sha256, createHash("sha256").update(PDF).digest("hex"));
    assert.match(res.sha256, /^[0-9a-f]{64}$/);
    assert.equal(res.filename, "Getekende overeenkomst.pdf");
  });

  test("the stored name gets the extension of the content, not of the upload", () => {
    const cases: [Uint8Array, string, string][] = [
      [PNG, "scan.pdf", "scan.png"],
      [JPEG, "foto.jpeg", "foto.jpg"],
      [JPEG, "foto", "foto.jpg"],
      [PDF, "besluit.exe", "besluit.pdf"],
    ];
    for (const [input, name, expected] of cases) {
      const res = checkEvidenceFile({ bytes: input, filename: name });
      assert.ok(res.ok, name);
      assert.equal(res.filename, expected, name);
    }
  });

  test("an .exe renamed to x.pdf is refused as wrong_type, with a Dutch and an English message", () => {
    const res = checkEvidenceFile({ bytes: EXE, filename: "x.pdf" });
    assert.equal(res.ok, false);
    assert.ok(!res.ok);
    assert.equal(res.code, "wrong_type");
    assert.match(evidenceErrorText(res, "nl"), /geen PDF, PNG of JPEG/);
    assert.match(evidenceErrorText(res, "en"), /not a PDF, PNG or JPEG/);
  });

  test("empty is refused", () => {
    const res = checkEvidenceFile({ bytes: new Uint8Array(0), filename: "leeg.pdf" });
    assert.ok(!res.ok);
    assert.equal(res.code, "empty");
  });

  test("exactly 10 MB is accepted, one byte more is refused with the size in the message", () => {
    const max = new Uint8Array(EVIDENCE_MAX_BYTES);
    max.set(PDF);
    assert.equal(EVIDENCE_MAX_BYTES, 10 * 1024 * 1024);
    assert.equal(checkEvidenceFile({ bytes: max, filename: "groot.pdf" }).ok, true);
    const over = new Uint8Array(EVIDENCE_MAX_BYTES + 1);
    over.set(PDF);
    const res = checkEvidenceFile({ bytes: over, filename: "te-groot.pdf" });
    assert.ok(!res.ok);
    assert.equal(res.code, "too_large");
    assert.match(evidenceErrorText(res, "nl"), /te groot: 10,0 MB, het maximum is 10 MB/);
    const huge = new Uint8Array(12 * 1024 * 1024 + 300 * 1024);
    huge.set(PDF);
    const res2 = checkEvidenceFile({ bytes: huge, filename: "x.pdf" });
    assert.ok(!res2.ok);
    assert.match(evidenceErrorText(res2, "nl"), /12,3 MB/);
    assert.match(evidenceErrorText(res2, "en"), /12\.3 MB|12,3 MB/);
  });

  test("size is checked before type: an oversized executable is too_large", () => {
    const big = new Uint8Array(EVIDENCE_MAX_BYTES + 1);
    big.set(EXE);
    const res = checkEvidenceFile({ bytes: big, filename: "x.pdf" });
    assert.ok(!res.ok);
    assert.equal(res.code, "too_large");
  });
});

describe("safeFilename", () => {
  const cases: [string, string, string, string][] = [
    ["plain name", "besluit RvB.pdf", "pdf", "besluit RvB.pdf"],
    ["unix path traversal", "../../etc/passwd.pdf", "pdf", "passwd.pdf"],
    ["windows path", "C:\\Users\\sanne\\Documents\\dpia.pdf", "pdf", "dpia.pdf"],
    ["mixed separators", "..\\..//..\\boot.ini.png", "png", "boot.ini.png"],
    ["trailing slash leaves nothing", "map/", "pdf", "bewijsstuk.pdf"],
    ["NUL byte truncation trick", "rapport.pdf\u0000.exe", "pdf", "rapport.pdf.pdf"],
    ["CR/LF (header injection)", "a\r\nContent-Type: evil\r\n.pdf", "pdf", "aContent-Type evil.pdf"],
    ["tab and DEL", "tab\there\u007f.pdf", "pdf", "tabhere.pdf"],
    ["quotes and reserved characters", 'wat"<>:|?*.pdf', "pdf", "wat.pdf"],
    ["only an extension", ".pdf", "pdf", "bewijsstuk.pdf"],
    ["empty", "", "jpg", "bewijsstuk.jpg"],
    ["whitespace only", "   .png", "png", "bewijsstuk.png"],
    ["wrong extension is replaced", "foto.exe", "jpg", "foto.jpg"],
    ["double extension keeps the inner part", "archief.tar.gz", "pdf", "archief.tar.pdf"],
    ["Unicode kept (NFC)", "Łódź – besluit e\u0301.pdf", "pdf", "Łódź – besluit é.pdf"],
  ];
  for (const [name, input, ext, expected] of cases) {
    test(name, () => {
      const out = safeFilename(input, ext);
      assert.equal(out, expected);
      assert.ok(!/[\\/]/.test(out), "no path separators");
      assert.ok(!/[\u0000-\u001f\u007f]/.test(out), "no C0 control characters");
    });
  }

  test("long names are cut to 100 characters plus the extension", () => {
    const out = safeFilename(`${"a".repeat(300)}.pdf`, "pdf");
    assert.equal(out, `${"a".repeat(100)}.pdf`);
  });

  // The doc comment promises "no control characters"; C1 controls (U+0080–U+009F) are
  // control characters too (general category Cc), e.g. U+009B is a terminal CSI.
  test("C1 control characters are removed too", () => {
    assert.equal(safeFilename("rap\u0085port\u009b31m.pdf", "pdf"), "rapport31m.pdf");
  });
});

describe("contentDisposition", () => {
  test("ASCII name: same name in both parameters", () => {
    assert.equal(contentDisposition("dpia-2026-03-01.pdf"), "attachment; filename=\"dpia-2026-03-01.pdf\"; filename*=UTF-8''dpia-2026-03-01.pdf");
  });

  test("non-ASCII: ASCII fallback without accents, UTF-8 name percent-encoded", () => {
    const h = contentDisposition("Besluit Fryslân é.pdf");
    assert.match(h, /^attachment; filename="Besluit Fryslan e\.pdf"; filename\*=UTF-8''/);
    const star = h.split("filename*=UTF-8''")[1];
    assert.equal(decodeURIComponent(star), "Besluit Fryslân é.pdf");
  });

  test("quotes, backslashes and CR/LF cannot break out of the header", () => {
    const h = contentDisposition('a"b\\c\r\nSet-Cookie: x=1.pdf');
    assert.ok(!/[\r\n]/.test(h), "no line breaks");
    const fallback = /filename="([^"]*)"/.exec(h)![1];
    // The backslash counts as a path separator (as in safeFilename): only the last segment stays.
    assert.equal(fallback, "cSet-Cookie: x=1.pdf");
    assert.ok(/^[\x20-\x7e]*$/.test(h), "the header is printable ASCII");
  });

  test("a name without any ASCII falls back to 'download'", () => {
    assert.match(contentDisposition("日本語"), /^attachment; filename="download"; filename\*=UTF-8''%E6%97%A5/);
  });

  // RFC 5987 attr-char excludes ' ( ) * — encodeURIComponent leaves them as they are, so
  // "rapport (def).pdf" yields an ext-value that strict parsers reject.
  test("filename* uses only RFC 5987 attr-chars and percent escapes", () => {
    for (const name of ["rapport (def).pdf", "O'Brien.pdf", "stap*1.pdf", "Łódź.pdf"]) {
      const star = contentDisposition(name).split("filename*=UTF-8''")[1];
      assert.match(star, /^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})*$/, name);
      assert.equal(decodeURIComponent(star), name);
    }
  });

  // Hostile names (issue 9, "Bad input"): whatever reaches the header, the browser saves a plain
  // file name in its download folder — no directories, no header injection, no truncation tricks.
  const fallbackOf = (h: string) => /filename="([^"]*)"/.exec(h)![1];
  const starOf = (h: string) => decodeURIComponent(h.split("filename*=UTF-8''")[1]);
  const hostile: [string, string, string][] = [
    ["../ traversal", "../../etc/passwd", "passwd"],
    ["..\\ traversal", "..\\..\\windows\\win.ini", "win.ini"],
    ["absolute path", "/var/lib/duo/secret.pdf", "secret.pdf"],
    ["only dots", "../..", "download"],
    ["hidden file", ".env.local", "env.local"],
    ["percent-encoded traversal stays text", "%2e%2e%2fetc%2fpasswd", "_2e_2e_2fetc_2fpasswd"],
    ["NUL truncation", "rapport.pdf\u0000.exe", "rapport.pdf.exe"],
    ["CRLF header injection", "a.pdf\r\nSet-Cookie: session=evil", "a.pdfSet-Cookie: session=evil"],
    ["empty", "", "download"],
  ];
  for (const [name, input, expected] of hostile) {
    test(`hostile name: ${name}`, () => {
      const h = contentDisposition(input);
      assert.ok(/^[\x20-\x7e]*$/.test(h), "printable ASCII only: no CR, LF or NUL");
      assert.equal(fallbackOf(h), expected);
      const star = starOf(h);
      assert.ok(!/[\\/\u0000-\u001f]/.test(star), `no separators or control characters in filename*: ${JSON.stringify(star)}`);
      assert.ok(!star.startsWith("."), "no leading dot");
    });
  }

  test("a percent in the name survives in filename* (the encoded form browsers prefer)", () => {
    assert.equal(starOf(contentDisposition("50% klaar.pdf")), "50% klaar.pdf");
  });
});
