/**
 * SOAP 1.2 for the probe: ITI-38 request envelopes and the safe reading of responses.
 *
 * Safety: responses come from servers we do not control. DOCTYPE and ENTITY declarations
 * are refused before any parsing (never expanded, never fetched), and the parser (saxes)
 * knows only the five predefined XML entities, so an entity reference that slipped past
 * the check is an error, not an expansion. Namespaces are resolved properly: gateways use
 * any prefix they like (env:, soap:, S:, s12:, a default namespace).
 */
import { randomUUID } from "node:crypto";
import { MIMEType } from "node:util";
import { SaxesParser, type SaxesTagNS } from "saxes";
import type { DocumentEntryFacts, ProbeMode, RegistryErrorFacts, RetrievedDocumentFacts, SoapFacts, SoapFaultFacts } from "./classify";

export const NS = {
  soap12: "http://www.w3.org/2003/05/soap-envelope",
  soap11: "http://schemas.xmlsoap.org/soap/envelope/",
  wsa: "http://www.w3.org/2005/08/addressing",
  query: "urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0",
  rim: "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0",
  rs: "urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0",
  xop: "http://www.w3.org/2004/08/xop/include",
  /** ITI-39 (and the document part of RAD-75) request/response elements. */
  ihe: "urn:ihe:iti:xds-b:2007",
  /** RAD-69/RAD-75 imaging request elements. */
  rad: "urn:ihe:rad:xdsi-b:2009",
} as const;

export const ITI38 = {
  action: "urn:ihe:iti:2007:CrossGatewayQuery",
  responseAction: "urn:ihe:iti:2007:CrossGatewayQueryResponse",
  findDocuments: "urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d",
} as const;

export const ITI39 = {
  action: "urn:ihe:iti:2007:CrossGatewayRetrieve",
  responseAction: "urn:ihe:iti:2007:CrossGatewayRetrieveResponse",
} as const;

export const RAD75 = {
  action: "urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSet",
  responseAction: "urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSetResponse",
  /** Explicit VR Little Endian: every imaging gateway must offer it. */
  transferSyntax: "1.2.840.10008.1.2.1",
} as const;

/** The transactions the probe speaks (CLI spelling); the registry stores "iti-38" etc. */
export const XCA_TRANSACTIONS = ["iti38", "iti39", "rad75"] as const;
export type XcaTransaction = (typeof XCA_TRANSACTIONS)[number];

export const TRANSACTION_INFO: Readonly<Record<XcaTransaction, { label: string; action: string; responseAction: string }>> = {
  iti38: { label: "ITI-38", action: ITI38.action, responseAction: ITI38.responseAction },
  iti39: { label: "ITI-39", action: ITI39.action, responseAction: ITI39.responseAction },
  rad75: { label: "RAD-75", action: RAD75.action, responseAction: RAD75.responseAction },
};

/** "iti-39" (registry) or "iti39" (CLI) -> "iti39"; null for anything else. */
export function toXcaTransaction(value: string | null | undefined): XcaTransaction | null {
  const v = (value ?? "").toLowerCase().replace(/-/g, "");
  return (XCA_TRANSACTIONS as readonly string[]).includes(v) ? (v as XcaTransaction) : null;
}

/** The transaction a request or response Action belongs to, or null when it is none of ours. */
export function transactionOfAction(action: string | null | undefined): XcaTransaction | null {
  if (!action) return null;
  for (const t of XCA_TRANSACTIONS) {
    const info = TRANSACTION_INFO[t];
    if (action === info.action || action === info.responseAction) return t;
  }
  return null;
}

export const REGISTRY_STATUS = {
  Success: "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success",
  PartialSuccess: "urn:ihe:iti:2007:ResponseStatusType:PartialSuccess",
  Failure: "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure",
} as const;

export const WSA_ANONYMOUS = "http://www.w3.org/2005/08/addressing/anonymous";
export const BSN_ASSIGNING_AUTHORITY = "2.16.840.1.113883.2.4.6.3";

export function newMessageId(): string {
  return `urn:uuid:${randomUUID()}`;
}

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * The patient id in CX form as the FindDocuments slot wants it (without the quotes).
 * A bare BSN gets the BSN assigning authority; a value that already is CX is kept.
 */
export function toPatientCx(patient: string): string {
  const p = patient.trim().replace(/^'|'$/g, "");
  if (/^\d{9}$/.test(p)) return `${p}^^^&${BSN_ASSIGNING_AUTHORITY}&ISO`;
  if (/^[^^\s]+\^\^\^&[0-9.]+&ISO$/.test(p)) return p;
  throw new Error(`Patient id is neither a 9-digit BSN nor CX form: ${JSON.stringify(patient)}`);
}

export function soapContentType(action: string): string {
  return `application/soap+xml; charset=utf-8; action="${action}"`;
}

export interface Iti38RequestOptions {
  mode: ProbeMode;
  /** The endpoint URL, for wsa:To. */
  to: string;
  messageId: string;
  /** Required in query mode: BSN or CX. Never sent in transport mode. */
  patientId?: string | null;
  /** Target community (urn:oid:...), put in AdhocQuery@home when known. */
  homeCommunityId?: string | null;
}

/**
 * An ITI-38 Cross Gateway Query without a WS-Security header. In transport mode the query
 * carries no patient at all: the probe only wants to see that a gateway answers in SOAP
 * (a Sender fault for the missing security header is the expected, healthy answer).
 */
export function buildIti38Request(opts: Iti38RequestOptions): string {
  const slots: string[] = [];
  if (opts.mode === "query") {
    if (!opts.patientId) throw new Error("Query mode needs a test patient (CHECKER_TEST_PATIENT)");
    const cx = toPatientCx(opts.patientId);
    slots.push(slot("$XDSDocumentEntryPatientId", [`'${cx}'`]));
  }
  slots.push(slot("$XDSDocumentEntryStatus", ["('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')"]));
  const home = opts.homeCommunityId ? ` home="${escapeXml(opts.homeCommunityId)}"` : "";
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<env:Envelope xmlns:env="${NS.soap12}" xmlns:wsa="${NS.wsa}">`,
    `<env:Header>`,
    `<wsa:Action env:mustUnderstand="true">${ITI38.action}</wsa:Action>`,
    `<wsa:MessageID>${escapeXml(opts.messageId)}</wsa:MessageID>`,
    `<wsa:ReplyTo><wsa:Address>${WSA_ANONYMOUS}</wsa:Address></wsa:ReplyTo>`,
    `<wsa:To env:mustUnderstand="true">${escapeXml(opts.to)}</wsa:To>`,
    `</env:Header>`,
    `<env:Body>`,
    `<query:AdhocQueryRequest xmlns:query="${NS.query}" xmlns:rim="${NS.rim}">`,
    `<query:ResponseOption returnComposedObjects="true" returnType="LeafClass"/>`,
    `<rim:AdhocQuery id="${ITI38.findDocuments}"${home}>`,
    ...slots,
    `</rim:AdhocQuery>`,
    `</query:AdhocQueryRequest>`,
    `</env:Body>`,
    `</env:Envelope>`,
  ].join("\n");
}

function slot(name: string, values: string[]): string {
  const v = values.map((x) => `<rim:Value>${escapeXml(x)}</rim:Value>`).join("");
  return `<rim:Slot name="${escapeXml(name)}"><rim:ValueList>${v}</rim:ValueList></rim:Slot>`;
}

function envelope(action: string, opts: { to: string; messageId: string }, body: string[]): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<env:Envelope xmlns:env="${NS.soap12}" xmlns:wsa="${NS.wsa}">`,
    `<env:Header>`,
    `<wsa:Action env:mustUnderstand="true">${action}</wsa:Action>`,
    `<wsa:MessageID>${escapeXml(opts.messageId)}</wsa:MessageID>`,
    `<wsa:ReplyTo><wsa:Address>${WSA_ANONYMOUS}</wsa:Address></wsa:ReplyTo>`,
    `<wsa:To env:mustUnderstand="true">${escapeXml(opts.to)}</wsa:To>`,
    `</env:Header>`,
    `<env:Body>`,
    ...body,
    `</env:Body>`,
    `</env:Envelope>`,
  ].join("\n");
}

/** One document to retrieve (ITI-39), or one instance (RAD-75, documentUniqueId = SOP Instance UID). */
export interface DocumentRef {
  homeCommunityId: string | null;
  repositoryUniqueId: string;
  documentUniqueId: string;
}

export interface ImagingRef extends DocumentRef {
  studyInstanceUid: string;
  seriesInstanceUid: string;
}

/**
 * An identifier no repository has: the probe's transport-mode retrieve asks for it, so a healthy
 * gateway answers with a well-formed Failure (XDSDocumentUniqueIdError) and nothing real is read.
 */
export function nonexistentUid(messageId: string): string {
  const hex = messageId.replace(/^urn:uuid:/, "").replace(/-/g, "");
  return /^[0-9a-f]{32}$/i.test(hex) ? `2.25.${BigInt(`0x${hex}`).toString()}` : "2.25.0";
}

export const NONEXISTENT_REPOSITORY = "2.25.1";

function documentRequest(d: DocumentRef): string {
  return [
    `<ihe:DocumentRequest>`,
    d.homeCommunityId ? `<ihe:HomeCommunityId>${escapeXml(d.homeCommunityId)}</ihe:HomeCommunityId>` : "",
    `<ihe:RepositoryUniqueId>${escapeXml(d.repositoryUniqueId)}</ihe:RepositoryUniqueId>`,
    `<ihe:DocumentUniqueId>${escapeXml(d.documentUniqueId)}</ihe:DocumentUniqueId>`,
    `</ihe:DocumentRequest>`,
  ].join("");
}

/** An ITI-39 Cross Gateway Retrieve (RetrieveDocumentSetRequest), without a WS-Security header. */
export function buildIti39Request(opts: { to: string; messageId: string; documents: DocumentRef[] }): string {
  return envelope(ITI39.action, opts, [
    `<ihe:RetrieveDocumentSetRequest xmlns:ihe="${NS.ihe}">`,
    ...opts.documents.map(documentRequest),
    `</ihe:RetrieveDocumentSetRequest>`,
  ]);
}

/** A RAD-75 Cross Gateway Retrieve Imaging Document Set: study > series > instance, plus the transfer syntaxes we accept. */
export function buildRad75Request(opts: { to: string; messageId: string; instances: ImagingRef[]; transferSyntaxes?: string[] }): string {
  const studies = new Map<string, Map<string, DocumentRef[]>>();
  for (const i of opts.instances) {
    const series = studies.get(i.studyInstanceUid) ?? new Map<string, DocumentRef[]>();
    studies.set(i.studyInstanceUid, series);
    series.set(i.seriesInstanceUid, [...(series.get(i.seriesInstanceUid) ?? []), i]);
  }
  const body: string[] = [`<rad:RetrieveImagingDocumentSetRequest xmlns:rad="${NS.rad}" xmlns:ihe="${NS.ihe}">`];
  for (const [study, series] of studies) {
    body.push(`<rad:StudyRequest studyInstanceUID="${escapeXml(study)}">`);
    for (const [uid, docs] of series) body.push(`<rad:SeriesRequest seriesInstanceUID="${escapeXml(uid)}">${docs.map(documentRequest).join("")}</rad:SeriesRequest>`);
    body.push(`</rad:StudyRequest>`);
  }
  const syntaxes = opts.transferSyntaxes ?? [RAD75.transferSyntax];
  body.push(`<rad:TransferSyntaxUIDList>${syntaxes.map((t) => `<rad:TransferSyntaxUID>${escapeXml(t)}</rad:TransferSyntaxUID>`).join("")}</rad:TransferSyntaxUIDList>`);
  body.push(`</rad:RetrieveImagingDocumentSetRequest>`);
  return envelope(RAD75.action, opts, body);
}

export interface ProbeRequestOptions {
  transaction: XcaTransaction;
  mode: ProbeMode;
  to: string;
  messageId: string;
  patientId?: string | null;
  homeCommunityId?: string | null;
  /** ITI-39 in a chain: the document the query announced. Without it, a nonexistent one. */
  document?: DocumentRef | null;
  /** RAD-75 in a chain: the instance the KOS lists. Without it, a nonexistent one. */
  instance?: ImagingRef | null;
}

/** The request for the endpoint's transaction. Retrieves without a known document ask for one that does not exist. */
export function buildProbeRequest(opts: ProbeRequestOptions): string {
  if (opts.transaction === "iti38") return buildIti38Request(opts);
  const missing: DocumentRef = {
    homeCommunityId: opts.homeCommunityId ?? null,
    repositoryUniqueId: NONEXISTENT_REPOSITORY,
    documentUniqueId: nonexistentUid(opts.messageId),
  };
  if (opts.transaction === "iti39") return buildIti39Request({ to: opts.to, messageId: opts.messageId, documents: [opts.document ?? missing] });
  const instance: ImagingRef = opts.instance ?? { ...missing, studyInstanceUid: `${missing.documentUniqueId}.1`, seriesInstanceUid: `${missing.documentUniqueId}.2` };
  return buildRad75Request({ to: opts.to, messageId: opts.messageId, instances: [instance] });
}

// ---------------------------------------------------------------------------------------
// Safe XML reading

export interface XmlElement {
  uri: string;
  local: string;
  /** Attribute values keyed by `{uri}local`, or plain `local` for unqualified attributes. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated direct text content (including CDATA). */
  text: string;
  /** Namespace bindings in scope at this element, for QName-valued content. */
  scope: Record<string, string>;
}

export type XmlParseResult =
  | { ok: true; root: XmlElement }
  | { ok: false; kind: "unsafe" | "not_xml"; detail: string };

const MAX_DEPTH = 64;
const DECLARATION = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

/** Parses XML text; DTD-ish declarations are refused before the parser sees them. */
export function parseXmlSafely(text: string): XmlParseResult {
  const decl = DECLARATION.exec(text);
  if (decl) return { ok: false, kind: "unsafe", detail: `XML contains a <!${decl[1].toUpperCase()} declaration` };

  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let unsafe: string | null = null;

  parser.on("doctype", () => {
    unsafe = "XML contains a DOCTYPE";
    throw new Error(unsafe);
  });
  parser.on("opentag", (tag: SaxesTagNS) => {
    const parent = stack[stack.length - 1];
    if (stack.length >= MAX_DEPTH) {
      unsafe = `XML nested deeper than ${MAX_DEPTH} levels`;
      throw new Error(unsafe);
    }
    const scope = { ...(parent?.scope ?? {}), ...(tag.ns ?? {}) };
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === "xmlns" || a.name === "xmlns") continue;
      attrs[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value;
    }
    const el: XmlElement = { uri: tag.uri ?? "", local: tag.local ?? tag.name, attrs, children: [], text: "", scope };
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  const onText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);

  try {
    parser.write(text).close();
  } catch (err) {
    if (unsafe) return { ok: false, kind: "unsafe", detail: unsafe };
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, kind: "not_xml", detail: `XML not well-formed: ${message.slice(0, 200)}` };
  }
  if (!root) return { ok: false, kind: "not_xml", detail: "no XML element" };
  return { ok: true, root };
}

export function childrenNamed(el: XmlElement | null | undefined, uri: string, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.uri === uri && c.local === local) : [];
}
export function childNamed(el: XmlElement | null | undefined, uri: string, local: string): XmlElement | null {
  return childrenNamed(el, uri, local)[0] ?? null;
}
export function descendantsNamed(el: XmlElement | null | undefined, uri: string, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (c.uri === uri && c.local === local) out.push(c);
      walk(c);
    }
  };
  if (el) walk(el);
  return out;
}

/** Resolves a QName written as element content ("env:Sender") against the element's scope. */
export function resolveQName(el: XmlElement, value: string): { uri: string; local: string } {
  const v = value.trim();
  const i = v.indexOf(":");
  const prefix = i >= 0 ? v.slice(0, i) : "";
  const local = i >= 0 ? v.slice(i + 1) : v;
  return { uri: el.scope[prefix] ?? "", local };
}

// ---------------------------------------------------------------------------------------
// HTTP body -> SOAP text (charset, MTOM)

function parseMime(value: string | null | undefined): MIMEType | null {
  if (!value) return null;
  try {
    return new MIMEType(value);
  } catch {
    return null;
  }
}

function decodeText(body: Buffer, charset: string | null | undefined): string {
  const label = (charset ?? "utf-8").toLowerCase();
  let text: string;
  try {
    text = new TextDecoder(label).decode(body);
  } catch {
    text = new TextDecoder("utf-8").decode(body);
  }
  return text.replace(/^\uFEFF/, "");
}

export type RootPartResult =
  | { ok: true; text: string; multipart: boolean; /** The other parts by Content-ID (without <>), for xop:Include. */ attachments?: Map<string, Buffer> }
  | { ok: false; detail: string };

/**
 * The SOAP envelope text of an HTTP body. For multipart/related (MTOM/XOP) that is the
 * root part: the one named by `start`, else the first.
 */
export function extractSoapText(contentType: string | null, body: Buffer): RootPartResult {
  const mime = parseMime(contentType);
  if (!mime || mime.essence !== "multipart/related") {
    return { ok: true, text: decodeText(body, mime?.params.get("charset")), multipart: false };
  }
  const boundary = mime.params.get("boundary");
  if (!boundary) return { ok: false, detail: "multipart/related without boundary" };
  const start = mime.params.get("start");
  const parts = splitMultipart(body, boundary);
  if (parts.length === 0) return { ok: false, detail: "multipart/related without parts" };
  const wanted = start?.replace(/^<|>$/g, "");
  const root = (wanted && parts.find((p) => (p.headers["content-id"] ?? "").replace(/^<|>$/g, "") === wanted)) || parts[0];
  const partType = parseMime(root.headers["content-type"]);
  let content = root.body;
  if ((root.headers["content-transfer-encoding"] ?? "").toLowerCase() === "base64") {
    content = Buffer.from(content.toString("latin1"), "base64");
  }
  const attachments = new Map<string, Buffer>();
  for (const p of parts) {
    if (p === root) continue;
    const id = (p.headers["content-id"] ?? "").replace(/^<|>$/g, "");
    if (!id) continue;
    const raw = (p.headers["content-transfer-encoding"] ?? "").toLowerCase() === "base64" ? Buffer.from(p.body.toString("latin1"), "base64") : p.body;
    attachments.set(id, raw);
  }
  return { ok: true, text: decodeText(content, partType?.params.get("charset")), multipart: true, attachments };
}

interface MimePart {
  headers: Record<string, string>;
  body: Buffer;
}

function splitMultipart(body: Buffer, boundary: string): MimePart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MimePart[] = [];
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    let cursor = pos + delimiter.length;
    if (body.subarray(cursor, cursor + 2).toString() === "--") break; // closing delimiter
    // skip transport padding and the line break after the delimiter
    while (cursor < body.length && (body[cursor] === 0x20 || body[cursor] === 0x09)) cursor++;
    if (body[cursor] === 0x0d) cursor++;
    if (body[cursor] === 0x0a) cursor++;
    const next = body.indexOf(delimiter, cursor);
    if (next === -1) break;
    let end = next;
    if (body[end - 1] === 0x0a) end--;
    if (body[end - 1] === 0x0d) end--;
    const raw = body.subarray(cursor, end);
    let split = raw.indexOf("\r\n\r\n");
    let sepLen = 4;
    if (split === -1) {
      split = raw.indexOf("\n\n");
      sepLen = 2;
    }
    const headerText = split === -1 ? "" : raw.subarray(0, split).toString("latin1");
    const content = split === -1 ? raw : raw.subarray(split + sepLen);
    const headers: Record<string, string> = {};
    for (const line of headerText.split(/\r?\n/)) {
      const i = line.indexOf(":");
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    parts.push({ headers, body: content });
    pos = next;
  }
  return parts;
}

// ---------------------------------------------------------------------------------------
// SOAP response -> facts

function registryOutcome(status: string | null): "Success" | "PartialSuccess" | "Failure" | null {
  if (!status) return null;
  if (status === REGISTRY_STATUS.Success || status.endsWith(":Success")) return "Success";
  if (status === REGISTRY_STATUS.PartialSuccess || status.endsWith(":PartialSuccess")) return "PartialSuccess";
  if (status === REGISTRY_STATUS.Failure || status.endsWith(":Failure")) return "Failure";
  return null;
}

function readFault(fault: XmlElement): SoapFaultFacts {
  const codeEl = childNamed(fault, NS.soap12, "Code");
  const valueEl = childNamed(codeEl, NS.soap12, "Value");
  let code = "";
  if (valueEl) {
    const q = resolveQName(valueEl, valueEl.text);
    code = q.uri === NS.soap12 ? q.local : valueEl.text.trim();
  }
  const subcodes: string[] = [];
  let sub = childNamed(codeEl, NS.soap12, "Subcode");
  while (sub && subcodes.length < 10) {
    const v = childNamed(sub, NS.soap12, "Value");
    if (v) subcodes.push(v.text.trim());
    sub = childNamed(sub, NS.soap12, "Subcode");
  }
  const reasonEl = childNamed(fault, NS.soap12, "Reason");
  const texts = childrenNamed(reasonEl, NS.soap12, "Text");
  const reason = (texts[0]?.text ?? "").trim() || null;
  return { code: code || "unknown", subcodes, reason: reason ? reason.slice(0, 500) : null };
}

function readRegistryErrors(el: XmlElement | null): RegistryErrorFacts[] {
  return descendantsNamed(el, NS.rs, "RegistryError")
    .slice(0, 50)
    .map((e) => ({
      errorCode: e.attrs["errorCode"] ?? "",
      codeContext: e.attrs["codeContext"] ?? null,
      severity: e.attrs["severity"] ?? null,
      location: e.attrs["location"] ?? null,
    }));
}

const XDS_UNIQUE_ID_SCHEME = "urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab";

/** The DocumentEntries of a query response: what a retrieve needs to ask for one of them. */
function readDocumentEntries(list: XmlElement | null): DocumentEntryFacts[] {
  return childrenNamed(list, NS.rim, "ExtrinsicObject")
    .slice(0, 100)
    .map((eo) => {
      const slotValue = (name: string) => {
        const s = childrenNamed(eo, NS.rim, "Slot").find((x) => x.attrs["name"] === name);
        return s ? (descendantsNamed(s, NS.rim, "Value")[0]?.text.trim() ?? null) : null;
      };
      const uid = childrenNamed(eo, NS.rim, "ExternalIdentifier").find((x) => x.attrs["identificationScheme"] === XDS_UNIQUE_ID_SCHEME);
      return {
        homeCommunityId: eo.attrs["home"] ?? null,
        repositoryUniqueId: slotValue("repositoryUniqueId"),
        uniqueId: uid?.attrs["value"] ?? null,
        mimeType: eo.attrs["mimeType"] ?? null,
      };
    });
}

/** The documents of a retrieve response, their content taken from the MTOM attachment (or inline base64). */
function readRetrievedDocuments(response: XmlElement, attachments: Map<string, Buffer> | undefined): RetrievedDocumentFacts[] {
  const text = (el: XmlElement | null) => (el ? el.text.trim() : null);
  return childrenNamed(response, NS.ihe, "DocumentResponse")
    .slice(0, 20)
    .map((d) => {
      const doc = childNamed(d, NS.ihe, "Document");
      let content: Buffer | null = null;
      const include = childNamed(doc, NS.xop, "Include");
      if (include) {
        const href = include.attrs["href"] ?? "";
        const id = decodeURIComponent(href.replace(/^cid:/i, ""));
        content = attachments?.get(id) ?? null;
      } else if (doc && doc.text.trim()) {
        content = Buffer.from(doc.text.replace(/\s+/g, ""), "base64");
      }
      return {
        homeCommunityId: text(childNamed(d, NS.ihe, "HomeCommunityId")),
        repositoryUniqueId: text(childNamed(d, NS.ihe, "RepositoryUniqueId")),
        documentUniqueId: text(childNamed(d, NS.ihe, "DocumentUniqueId")),
        mimeType: text(childNamed(d, NS.ihe, "mimeType")),
        bytes: content?.length ?? 0,
        content,
      };
    });
}

/** Reads a SOAP 1.2 envelope from an element tree (shared by response parsing and the simulator). */
export function readEnvelope(root: XmlElement, attachments?: Map<string, Buffer>): SoapFacts {
  if (root.local === "Envelope" && root.uri === NS.soap11) {
    return { kind: "not_soap", detail: "SOAP 1.1 envelope; SOAP 1.2 is required" };
  }
  if (root.local !== "Envelope" || root.uri !== NS.soap12) {
    return { kind: "not_soap", detail: `root element is {${root.uri}}${root.local}, not a SOAP 1.2 Envelope` };
  }
  const header = childNamed(root, NS.soap12, "Header");
  const body = childNamed(root, NS.soap12, "Body");
  if (!body) return { kind: "not_soap", detail: "SOAP Envelope without Body" };
  const text = (el: XmlElement | null) => (el ? el.text.trim() : null);
  const action = text(childNamed(header, NS.wsa, "Action"));
  const relatesTo = text(childNamed(header, NS.wsa, "RelatesTo"));

  const faultEl = childNamed(body, NS.soap12, "Fault");
  if (faultEl) return { kind: "envelope", action, relatesTo, fault: readFault(faultEl), registry: null };

  const retrieve = childNamed(body, NS.ihe, "RetrieveDocumentSetResponse");
  if (retrieve) {
    const rr = childNamed(retrieve, NS.rs, "RegistryResponse");
    const status = rr?.attrs["status"] ?? null;
    const documents = readRetrievedDocuments(retrieve, attachments);
    return {
      kind: "envelope",
      action,
      relatesTo,
      fault: null,
      payload: "retrieve",
      registry: { status, outcome: registryOutcome(status), errors: readRegistryErrors(rr), documentCount: documents.length },
      documents,
    };
  }
  const response = descendantsNamed(body, NS.query, "AdhocQueryResponse")[0] ?? null;
  if (!response) return { kind: "envelope", action, relatesTo, fault: null, registry: null };
  const status = response.attrs["status"] ?? null;
  const errors = readRegistryErrors(response);
  const list = childNamed(response, NS.rim, "RegistryObjectList");
  const documentCount = childrenNamed(list, NS.rim, "ExtrinsicObject").length + childrenNamed(list, NS.rim, "ObjectRef").length;
  return {
    kind: "envelope",
    action,
    relatesTo,
    fault: null,
    payload: "query",
    registry: { status, outcome: registryOutcome(status), errors, documentCount },
    entries: readDocumentEntries(list),
  };
}

/** The facts of an HTTP response body, never throwing. */
export function parseSoapResponse(contentType: string | null, body: Buffer): SoapFacts {
  try {
    if (body.length === 0) return { kind: "not_soap", detail: "empty body" };
    // A web page is "not SOAP" (wrong address), not an XML attack, even with its <!doctype html>.
    if (parseMime(contentType)?.essence === "text/html") {
      // ...but entity declarations are refused in any body, a web page included.
      if (/<!\s*ENTITY/i.test(body.toString("latin1"))) return { kind: "unsafe", detail: "HTML page with an <!ENTITY declaration" };
      return { kind: "not_soap", detail: "HTML page instead of SOAP" };
    }
    const part = extractSoapText(contentType, body);
    if (!part.ok) return { kind: "not_soap", detail: part.detail };
    const xml = parseXmlSafely(part.text);
    if (!xml.ok) return xml.kind === "unsafe" ? { kind: "unsafe", detail: xml.detail } : { kind: "not_soap", detail: xml.detail };
    return readEnvelope(xml.root, part.attachments);
  } catch (err) {
    return { kind: "not_soap", detail: `unreadable response: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export interface ParsedIti38Request {
  action: string | null;
  messageId: string | null;
  to: string | null;
  storedQueryId: string | null;
  patientId: string | null;
  hasSecurityHeader: boolean;
}

/** Reads an ITI-38 request (used by the simulator to answer like a gateway). */
export function parseIti38Request(text: string): { ok: true; request: ParsedIti38Request } | { ok: false; detail: string } {
  const xml = parseXmlSafely(text);
  if (!xml.ok) return { ok: false, detail: xml.detail };
  const root = xml.root;
  if (root.uri !== NS.soap12 || root.local !== "Envelope") return { ok: false, detail: "not a SOAP 1.2 envelope" };
  const header = childNamed(root, NS.soap12, "Header");
  const body = childNamed(root, NS.soap12, "Body");
  const text1 = (el: XmlElement | null) => (el ? el.text.trim() : null);
  const query = descendantsNamed(body, NS.rim, "AdhocQuery")[0] ?? null;
  let patientId: string | null = null;
  for (const s of childrenNamed(query, NS.rim, "Slot")) {
    if (s.attrs["name"] === "$XDSDocumentEntryPatientId") {
      const v = descendantsNamed(s, NS.rim, "Value")[0];
      patientId = v ? v.text.trim().replace(/^'|'$/g, "") : null;
    }
  }
  return {
    ok: true,
    request: {
      action: text1(childNamed(header, NS.wsa, "Action")),
      messageId: text1(childNamed(header, NS.wsa, "MessageID")),
      to: text1(childNamed(header, NS.wsa, "To")),
      storedQueryId: query?.attrs["id"] ?? null,
      patientId,
      hasSecurityHeader: (header?.children ?? []).some((c) => c.local === "Security"),
    },
  };
}

export interface ParsedXcaRequest extends ParsedIti38Request {
  /** ITI-39 DocumentRequests, or the RAD-75 instances (with their study and series). */
  documents: DocumentRef[];
  instances: ImagingRef[];
  transferSyntaxes: string[];
}

/** Reads any of our three requests (the simulator answers per transaction). */
export function parseXcaRequest(text: string): { ok: true; request: ParsedXcaRequest } | { ok: false; detail: string } {
  const base = parseIti38Request(text);
  if (!base.ok) return base;
  const xml = parseXmlSafely(text);
  if (!xml.ok) return { ok: false, detail: xml.detail };
  const body = childNamed(xml.root, NS.soap12, "Body");
  const text1 = (el: XmlElement | null) => (el ? el.text.trim() : null);
  const ref = (d: XmlElement): DocumentRef => ({
    homeCommunityId: text1(childNamed(d, NS.ihe, "HomeCommunityId")),
    repositoryUniqueId: text1(childNamed(d, NS.ihe, "RepositoryUniqueId")) ?? "",
    documentUniqueId: text1(childNamed(d, NS.ihe, "DocumentUniqueId")) ?? "",
  });
  const documents = childrenNamed(childNamed(body, NS.ihe, "RetrieveDocumentSetRequest"), NS.ihe, "DocumentRequest").slice(0, 50).map(ref);
  const rad = childNamed(body, NS.rad, "RetrieveImagingDocumentSetRequest");
  const instances: ImagingRef[] = [];
  for (const study of childrenNamed(rad, NS.rad, "StudyRequest")) {
    for (const series of childrenNamed(study, NS.rad, "SeriesRequest")) {
      for (const d of childrenNamed(series, NS.ihe, "DocumentRequest")) {
        if (instances.length < 50) {
          instances.push({ ...ref(d), studyInstanceUid: study.attrs["studyInstanceUID"] ?? "", seriesInstanceUid: series.attrs["seriesInstanceUID"] ?? "" });
        }
      }
    }
  }
  const transferSyntaxes = descendantsNamed(childNamed(rad, NS.rad, "TransferSyntaxUIDList"), NS.rad, "TransferSyntaxUID").map((t) => t.text.trim());
  return { ok: true, request: { ...base.request, documents, instances, transferSyntaxes } };
}
