/**
 * Just enough DICOM Part 10 for the chain test: read the first referenced instance (study, series,
 * SOP instance UID) out of a Key Object Selection document, and write the small synthetic KOS and
 * instance the simulator serves. Pure, bounded (depth, element count), never throws.
 *
 * Reads Explicit VR Little Endian and Implicit VR Little Endian datasets, sequences of defined and
 * undefined length. Pixel data and other values are skipped by length, never interpreted.
 */

const TAG = {
  transferSyntax: 0x00020010,
  studyInstanceUid: 0x0020000d,
  seriesInstanceUid: 0x0020000e,
  sopClassUid: 0x00080016,
  sopInstanceUid: 0x00080018,
  modality: 0x00080060,
  evidenceSequence: 0x0040a375, // Current Requested Procedure Evidence Sequence
  referencedSeriesSequence: 0x00081115,
  referencedSopSequence: 0x00081199,
  referencedSopClassUid: 0x00081150,
  referencedSopInstanceUid: 0x00081155,
  item: 0xfffee000,
  itemEnd: 0xfffee00d,
  sequenceEnd: 0xfffee0dd,
} as const;

export const KOS_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.88.59";
export const EXPLICIT_LE = "1.2.840.10008.1.2.1";
const IMPLICIT_LE = "1.2.840.10008.1.2";
/** Sequences we must recognise in Implicit VR (where the VR is not written). */
const KNOWN_SQ = new Set<number>([TAG.evidenceSequence, TAG.referencedSeriesSequence, TAG.referencedSopSequence]);
const LONG_VRS = new Set(["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]);
const MAX_DEPTH = 8;
const MAX_ELEMENTS = 20_000;

export interface DicomElement {
  tag: number;
  vr: string | null;
  value: Buffer | null;
  items: DicomElement[][] | null;
}

class DicomError extends Error {}

function parseDataset(buf: Buffer, start: number, end: number, explicit: boolean, depth: number, budget: { n: number }): { elements: DicomElement[]; pos: number } {
  if (depth > MAX_DEPTH) throw new DicomError("nested too deeply");
  const out: DicomElement[] = [];
  let pos = start;
  while (pos + 8 <= end) {
    if (--budget.n < 0) throw new DicomError("too many elements");
    const tag = ((buf.readUInt16LE(pos) << 16) | buf.readUInt16LE(pos + 2)) >>> 0;
    if (tag === TAG.itemEnd) return { elements: out, pos: pos + 8 };
    let vr: string | null = null;
    let length: number;
    let header: number;
    const isDelimiter = tag === TAG.item || tag === TAG.sequenceEnd;
    if (explicit && !isDelimiter) {
      vr = buf.toString("latin1", pos + 4, pos + 6);
      if (LONG_VRS.has(vr)) {
        if (pos + 12 > end) throw new DicomError("truncated header");
        length = buf.readUInt32LE(pos + 8);
        header = 12;
      } else {
        length = buf.readUInt16LE(pos + 6);
        header = 8;
      }
    } else {
      length = buf.readUInt32LE(pos + 4);
      header = 8;
      if (KNOWN_SQ.has(tag)) vr = "SQ";
    }
    pos += header;
    if (vr === "SQ") {
      const items: DicomElement[][] = [];
      const seqEnd = length === 0xffffffff ? end : pos + length;
      if (seqEnd > end) throw new DicomError("sequence past the end");
      while (pos + 8 <= seqEnd) {
        const itemTag = ((buf.readUInt16LE(pos) << 16) | buf.readUInt16LE(pos + 2)) >>> 0;
        const itemLen = buf.readUInt32LE(pos + 4);
        pos += 8;
        if (itemTag === TAG.sequenceEnd) break;
        if (itemTag !== TAG.item) throw new DicomError("expected an item");
        const itemEnd = itemLen === 0xffffffff ? seqEnd : pos + itemLen;
        if (itemEnd > seqEnd) throw new DicomError("item past the end");
        const inner = parseDataset(buf, pos, itemEnd, explicit, depth + 1, budget);
        items.push(inner.elements);
        pos = itemLen === 0xffffffff ? inner.pos : itemEnd;
      }
      if (length !== 0xffffffff) pos = seqEnd;
      out.push({ tag, vr, value: null, items });
      continue;
    }
    if (length === 0xffffffff) throw new DicomError("undefined length outside a sequence");
    if (pos + length > end) throw new DicomError("value past the end");
    out.push({ tag, vr, value: buf.subarray(pos, pos + length), items: null });
    pos += length;
  }
  return { elements: out, pos };
}

/** The dataset of a Part 10 file (the group 2 meta header decides the transfer syntax). */
export function parseDicom(buf: Buffer): { ok: true; elements: DicomElement[] } | { ok: false; detail: string } {
  try {
    if (buf.length < 132 || buf.toString("latin1", 128, 132) !== "DICM") return { ok: false, detail: "no DICM preamble" };
    const budget = { n: MAX_ELEMENTS };
    // The meta header is always Explicit VR Little Endian; it ends where group 2 ends.
    let pos = 132;
    const meta: DicomElement[] = [];
    while (pos + 8 <= buf.length && buf.readUInt16LE(pos) === 0x0002) {
      const next = metaNext(buf, pos);
      if (next > buf.length || --budget.n < 0) throw new DicomError("broken meta header");
      meta.push(...parseDataset(buf, pos, next, true, 0, budget).elements);
      pos = next;
    }
    const ts = text(meta.find((e) => e.tag === TAG.transferSyntax)?.value ?? null) ?? EXPLICIT_LE;
    if (ts !== EXPLICIT_LE && ts !== IMPLICIT_LE) return { ok: false, detail: `transfer syntax ${ts} not readable here` };
    const { elements } = parseDataset(buf, pos, buf.length, ts === EXPLICIT_LE, 0, budget);
    return { ok: true, elements: [...meta, ...elements] };
  } catch (err) {
    return { ok: false, detail: err instanceof DicomError ? err.message : `unreadable: ${(err as Error).message}` };
  }
}

function metaNext(buf: Buffer, pos: number): number {
  const vr = buf.toString("latin1", pos + 4, pos + 6);
  return LONG_VRS.has(vr) ? pos + 12 + buf.readUInt32LE(pos + 8) : pos + 8 + buf.readUInt16LE(pos + 6);
}

function text(value: Buffer | null): string | null {
  if (!value) return null;
  const s = value.toString("latin1").replace(/[\0 ]+$/, "").trim();
  return s || null;
}

const get = (elements: DicomElement[], tag: number) => elements.find((e) => e.tag === tag) ?? null;

export interface KosReference {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  /** The SOP Instance UID: the DocumentUniqueId of a RAD-75 request. */
  documentUniqueId: string;
}

/** The first instance a KOS references (Current Requested Procedure Evidence Sequence). */
export function readKosReference(buf: Buffer): { ok: true; reference: KosReference } | { ok: false; detail: string } {
  const parsed = parseDicom(buf);
  if (!parsed.ok) return parsed;
  const sopClass = text(get(parsed.elements, TAG.sopClassUid)?.value ?? null);
  if (sopClass !== KOS_SOP_CLASS) return { ok: false, detail: `SOP class ${sopClass ?? "(none)"} is not a Key Object Selection document` };
  for (const study of get(parsed.elements, TAG.evidenceSequence)?.items ?? []) {
    const studyUid = text(get(study, TAG.studyInstanceUid)?.value ?? null);
    for (const series of get(study, TAG.referencedSeriesSequence)?.items ?? []) {
      const seriesUid = text(get(series, TAG.seriesInstanceUid)?.value ?? null);
      for (const sop of get(series, TAG.referencedSopSequence)?.items ?? []) {
        const uid = text(get(sop, TAG.referencedSopInstanceUid)?.value ?? null);
        if (studyUid && seriesUid && uid) return { ok: true, reference: { studyInstanceUid: studyUid, seriesInstanceUid: seriesUid, documentUniqueId: uid } };
      }
    }
  }
  return { ok: false, detail: "the KOS references no instance" };
}

// ---------------------------------------------------------------------------------------
// Writing (the simulator's synthetic objects): Explicit VR Little Endian, defined lengths.

export type WriteElement = { tag: number; vr: string; value: string | Buffer } | { tag: number; vr: "SQ"; items: WriteElement[][] };

function pad(value: string | Buffer, vr: string): Buffer {
  const b = typeof value === "string" ? Buffer.from(value, "latin1") : value;
  if (b.length % 2 === 0) return b;
  return Buffer.concat([b, Buffer.from([vr === "UI" || vr === "OB" ? 0 : 0x20])]);
}

function encode(elements: WriteElement[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of [...elements].sort((a, b) => a.tag - b.tag)) {
    const value =
      "items" in e
        ? Buffer.concat(
            e.items.map((item) => {
              const body = encode(item);
              const h = Buffer.alloc(8);
              h.writeUInt16LE(0xfffe, 0);
              h.writeUInt16LE(0xe000, 2);
              h.writeUInt32LE(body.length, 4);
              return Buffer.concat([h, body]);
            }),
          )
        : pad(e.value, e.vr);
    const long = LONG_VRS.has(e.vr);
    const h = Buffer.alloc(long ? 12 : 8);
    h.writeUInt16LE(e.tag >>> 16, 0);
    h.writeUInt16LE(e.tag & 0xffff, 2);
    h.write(e.vr, 4, "latin1");
    if (long) h.writeUInt32LE(value.length, 8);
    else h.writeUInt16LE(value.length, 6);
    parts.push(h, value);
  }
  return Buffer.concat(parts);
}

/** A Part 10 file: preamble, DICM, meta header, dataset. */
export function writeDicom(sopClassUid: string, sopInstanceUid: string, dataset: WriteElement[]): Buffer {
  const meta = encode([
    { tag: 0x00020001, vr: "OB", value: Buffer.from([0, 1]) },
    { tag: 0x00020002, vr: "UI", value: sopClassUid },
    { tag: 0x00020003, vr: "UI", value: sopInstanceUid },
    { tag: TAG.transferSyntax, vr: "UI", value: EXPLICIT_LE },
  ]);
  const groupLength = encode([{ tag: 0x00020000, vr: "UL", value: (() => { const b = Buffer.alloc(4); b.writeUInt32LE(meta.length, 0); return b; })() }]);
  const body = encode([{ tag: TAG.sopClassUid, vr: "UI", value: sopClassUid }, { tag: TAG.sopInstanceUid, vr: "UI", value: sopInstanceUid }, ...dataset]);
  return Buffer.concat([Buffer.alloc(128), Buffer.from("DICM", "latin1"), groupLength, meta, body]);
}

/** A minimal KOS that references one instance. */
export function writeKos(opts: { sopInstanceUid: string; studyInstanceUid: string; seriesInstanceUid: string; referenced: { sopClassUid: string; sopInstanceUid: string; seriesInstanceUid: string } }): Buffer {
  return writeDicom(KOS_SOP_CLASS, opts.sopInstanceUid, [
    { tag: TAG.modality, vr: "CS", value: "KO" },
    { tag: TAG.studyInstanceUid, vr: "UI", value: opts.studyInstanceUid },
    { tag: TAG.seriesInstanceUid, vr: "UI", value: opts.seriesInstanceUid },
    {
      tag: TAG.evidenceSequence,
      vr: "SQ",
      items: [
        [
          { tag: TAG.studyInstanceUid, vr: "UI", value: opts.studyInstanceUid },
          {
            tag: TAG.referencedSeriesSequence,
            vr: "SQ",
            items: [
              [
                { tag: TAG.seriesInstanceUid, vr: "UI", value: opts.referenced.seriesInstanceUid },
                {
                  tag: TAG.referencedSopSequence,
                  vr: "SQ",
                  items: [[{ tag: TAG.referencedSopClassUid, vr: "UI", value: opts.referenced.sopClassUid }, { tag: TAG.referencedSopInstanceUid, vr: "UI", value: opts.referenced.sopInstanceUid }]],
                },
              ],
            ],
          },
        ],
      ],
    },
  ]);
}
