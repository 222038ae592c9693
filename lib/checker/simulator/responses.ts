/**
 * Response bodies the simulated XCA responding gateway sends: ITI-38 answers with demo
 * metadata (a DICOM KOS study entry and a radiology report, as on the national timeline),
 * PartialSuccess, Failure, SOAP faults, and deliberately hostile or broken bodies.
 * All demo data is fictional.
 */
import { onePagePdf } from "@/lib/pdf/one-page";
import { writeDicom, writeKos } from "../dicom";
import { escapeXml, ITI38, NS, REGISTRY_STATUS } from "../soap";

export const DEMO_TEST_PATIENTS = {
  /** Has a CT study (KOS) and its report. */
  withImages: "999990019",
  /** Known, but no documents. */
  empty: "999990020",
} as const;

export const DEMO_HOME_COMMUNITY_ID = "urn:oid:2.16.528.1.1007.3.3.87654321.1";
export const DEMO_REPOSITORY_ID = "2.16.528.1.1007.3.3.87654321.1.1";

/** The demo patient's documents and the one image: what ITI-39 and RAD-75 hand out. */
export const DEMO_UIDS = {
  kos: "1.2.826.0.1.3680043.10.1234.1.20261015.1",
  report: "1.2.826.0.1.3680043.10.1234.2.20261015.1",
  study: "1.2.826.0.1.3680043.10.1234.3.20261015",
  kosSeries: "1.2.826.0.1.3680043.10.1234.3.20261015.99",
  ctSeries: "1.2.826.0.1.3680043.10.1234.3.20261015.1",
  ctInstance: "1.2.826.0.1.3680043.10.1234.3.20261015.1.1",
} as const;
const CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

/** A one-page PDF ("Verslag CT thorax", fictional) with a correct cross-reference table. */
const demoPdf = () => onePagePdf("Verslag CT thorax - fictief demodocument DUO-simulator", { fontSize: 14, y: 770 });

export interface DemoDocument {
  uniqueId: string;
  mimeType: string;
  bytes: Buffer;
}

let demoDocs: Map<string, DemoDocument> | null = null;
let demoInstanceStore: Map<string, DemoDocument> | null = null;

/** ITI-39 documents of the demo patient, by DocumentUniqueId. */
export function demoDocuments(): Map<string, DemoDocument> {
  demoDocs ??= new Map([
    [DEMO_UIDS.report, { uniqueId: DEMO_UIDS.report, mimeType: "application/pdf", bytes: demoPdf() }],
    [
      DEMO_UIDS.kos,
      {
        uniqueId: DEMO_UIDS.kos,
        mimeType: "application/dicom",
        bytes: writeKos({
          sopInstanceUid: DEMO_UIDS.kos,
          studyInstanceUid: DEMO_UIDS.study,
          seriesInstanceUid: DEMO_UIDS.kosSeries,
          referenced: { sopClassUid: CT_IMAGE_STORAGE, sopInstanceUid: DEMO_UIDS.ctInstance, seriesInstanceUid: DEMO_UIDS.ctSeries },
        }),
      },
    ],
  ]);
  return demoDocs;
}

/** RAD-75 instances of the demo study, by SOP Instance UID: one tiny synthetic CT slice (4x4 pixels). */
export function demoInstances(): Map<string, DemoDocument> {
  demoInstanceStore ??= new Map([
    [
      DEMO_UIDS.ctInstance,
      {
        uniqueId: DEMO_UIDS.ctInstance,
        mimeType: "application/dicom",
        bytes: writeDicom(CT_IMAGE_STORAGE, DEMO_UIDS.ctInstance, [
          { tag: 0x00080060, vr: "CS", value: "CT" },
          { tag: 0x0020000d, vr: "UI", value: DEMO_UIDS.study },
          { tag: 0x0020000e, vr: "UI", value: DEMO_UIDS.ctSeries },
          { tag: 0x00280010, vr: "US", value: Buffer.from([4, 0]) },
          { tag: 0x00280011, vr: "US", value: Buffer.from([4, 0]) },
          { tag: 0x7fe00010, vr: "OW", value: Buffer.alloc(32, 0x40) },
        ]),
      },
    ],
  ]);
  return demoInstanceStore;
}

/** A RetrieveDocumentSetResponse: the documents as xop:Include references to MTOM parts. */
export function retrieveResponse(opts: {
  status: keyof typeof REGISTRY_STATUS;
  documents?: Array<{ homeCommunityId: string | null; repositoryUniqueId: string; uniqueId: string; mimeType: string; contentId: string }>;
  errors?: RegistryErrorSpec[];
}): string {
  const errors = (opts.errors ?? [])
    .map(
      (e) =>
        `<rs:RegistryError errorCode="${escapeXml(e.errorCode)}" codeContext="${escapeXml(e.codeContext)}" severity="urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:${e.severity ?? "Error"}"${e.location ? ` location="${escapeXml(e.location)}"` : ""}/>`,
    )
    .join("");
  const docs = (opts.documents ?? [])
    .map(
      (d) =>
        `<ihe:DocumentResponse>${d.homeCommunityId ? `<ihe:HomeCommunityId>${escapeXml(d.homeCommunityId)}</ihe:HomeCommunityId>` : ""}` +
        `<ihe:RepositoryUniqueId>${escapeXml(d.repositoryUniqueId)}</ihe:RepositoryUniqueId><ihe:DocumentUniqueId>${escapeXml(d.uniqueId)}</ihe:DocumentUniqueId>` +
        `<ihe:mimeType>${escapeXml(d.mimeType)}</ihe:mimeType><ihe:Document><xop:Include xmlns:xop="${NS.xop}" href="cid:${encodeURIComponent(d.contentId)}"/></ihe:Document></ihe:DocumentResponse>`,
    )
    .join("");
  return [
    `<ihe:RetrieveDocumentSetResponse xmlns:ihe="${NS.ihe}" xmlns:rs="${NS.rs}">`,
    `<rs:RegistryResponse status="${REGISTRY_STATUS[opts.status]}">${errors ? `<rs:RegistryErrorList>${errors}</rs:RegistryErrorList>` : ""}</rs:RegistryResponse>`,
    docs,
    `</ihe:RetrieveDocumentSetResponse>`,
  ].join("");
}

const XDS = {
  documentEntry: "urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1",
  classCode: "urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a",
  typeCode: "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983",
  formatCode: "urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d",
  patientId: "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427",
  uniqueId: "urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab",
};

export function soapEnvelope(opts: { action: string; relatesTo: string | null; body: string; extraHeaders?: string }): string {
  const relates = opts.relatesTo ? `<wsa:RelatesTo>${escapeXml(opts.relatesTo)}</wsa:RelatesTo>` : "";
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<env:Envelope xmlns:env="${NS.soap12}" xmlns:wsa="${NS.wsa}">`,
    `<env:Header><wsa:Action env:mustUnderstand="true">${escapeXml(opts.action)}</wsa:Action>${relates}${opts.extraHeaders ?? ""}</env:Header>`,
    `<env:Body>${opts.body}</env:Body>`,
    `</env:Envelope>`,
  ].join("\n");
}

function slot(name: string, value: string): string {
  return `<rim:Slot name="${name}"><rim:ValueList><rim:Value>${escapeXml(value)}</rim:Value></rim:ValueList></rim:Slot>`;
}

function classification(scheme: string, objectId: string, code: string, codingScheme: string, display: string, id: string): string {
  return (
    `<rim:Classification id="${id}" classificationScheme="${scheme}" classifiedObject="${objectId}" nodeRepresentation="${escapeXml(code)}">` +
    slot("codingScheme", codingScheme) +
    `<rim:Name><rim:LocalizedString value="${escapeXml(display)}"/></rim:Name></rim:Classification>`
  );
}

function documentEntry(opts: {
  id: string;
  uniqueId: string;
  patientCx: string;
  mimeType: string;
  title: string;
  classCode: [string, string, string];
  typeCode: [string, string, string];
  formatCode: [string, string, string];
  creationTime: string;
  home: string;
}): string {
  const n = (k: string) => `${opts.id}-${k}`;
  return [
    `<rim:ExtrinsicObject id="${opts.id}" home="${escapeXml(opts.home)}" mimeType="${opts.mimeType}" objectType="${XDS.documentEntry}" status="urn:oasis:names:tc:ebxml-regrep:StatusType:Approved">`,
    slot("creationTime", opts.creationTime),
    slot("languageCode", "nl-NL"),
    slot("sourcePatientId", opts.patientCx),
    slot("repositoryUniqueId", DEMO_REPOSITORY_ID),
    `<rim:Name><rim:LocalizedString value="${escapeXml(opts.title)}"/></rim:Name>`,
    classification(XDS.classCode, opts.id, opts.classCode[0], opts.classCode[1], opts.classCode[2], n("class")),
    classification(XDS.typeCode, opts.id, opts.typeCode[0], opts.typeCode[1], opts.typeCode[2], n("type")),
    classification(XDS.formatCode, opts.id, opts.formatCode[0], opts.formatCode[1], opts.formatCode[2], n("format")),
    `<rim:ExternalIdentifier id="${n("pid")}" identificationScheme="${XDS.patientId}" registryObject="${opts.id}" value="${escapeXml(opts.patientCx)}"><rim:Name><rim:LocalizedString value="XDSDocumentEntry.patientId"/></rim:Name></rim:ExternalIdentifier>`,
    `<rim:ExternalIdentifier id="${n("uid")}" identificationScheme="${XDS.uniqueId}" registryObject="${opts.id}" value="${escapeXml(opts.uniqueId)}"><rim:Name><rim:LocalizedString value="XDSDocumentEntry.uniqueId"/></rim:Name></rim:ExternalIdentifier>`,
    `</rim:ExtrinsicObject>`,
  ].join("");
}

/** The two timeline entries of the demo patient: a CT study (KOS) and its report. */
export function demoDocumentEntries(patientCx: string, home = DEMO_HOME_COMMUNITY_ID): string {
  return [
    documentEntry({
      id: "urn:uuid:6b0e7d3c-1f7a-4c55-9a51-3f1e0c9d0a01",
      uniqueId: DEMO_UIDS.kos,
      patientCx,
      mimeType: "application/dicom",
      title: "CT thorax (beeldstudie)",
      classCode: ["IMG", "2.16.840.1.113883.2.4.3.11.60.40.4.15.1", "Beeldvorming"],
      typeCode: ["CT", "1.2.840.10008.2.16.4", "Computed Tomography"],
      formatCode: ["1.2.840.10008.5.1.4.1.1.88.59", "1.2.840.10008.2.6.1", "Key Object Selection Document"],
      creationTime: "20261015093000",
      home,
    }),
    documentEntry({
      id: "urn:uuid:6b0e7d3c-1f7a-4c55-9a51-3f1e0c9d0a02",
      uniqueId: DEMO_UIDS.report,
      patientCx,
      mimeType: "application/pdf",
      title: "Verslag CT thorax",
      classCode: ["9491000146107", "2.16.840.1.113883.6.96", "Radiologieverslag"],
      typeCode: ["722124004", "2.16.840.1.113883.6.96", "Verslag van beeldvormend onderzoek"],
      formatCode: ["urn:ihe:iti:xds:2017:mimeTypeSufficient", "1.3.6.1.4.1.19376.1.2.3", "mimeType Sufficient"],
      creationTime: "20261015142000",
      home,
    }),
  ].join("");
}

export interface RegistryErrorSpec {
  errorCode: string;
  codeContext: string;
  severity?: "Error" | "Warning";
  location?: string;
}

export function adhocQueryResponse(opts: { status: keyof typeof REGISTRY_STATUS; objects?: string; errors?: RegistryErrorSpec[] }): string {
  const errors = (opts.errors ?? [])
    .map(
      (e) =>
        `<rs:RegistryError errorCode="${escapeXml(e.errorCode)}" codeContext="${escapeXml(e.codeContext)}" severity="urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:${e.severity ?? "Error"}"${e.location ? ` location="${escapeXml(e.location)}"` : ""}/>`,
    )
    .join("");
  return [
    `<query:AdhocQueryResponse xmlns:query="${NS.query}" xmlns:rim="${NS.rim}" xmlns:rs="${NS.rs}" status="${REGISTRY_STATUS[opts.status]}">`,
    errors ? `<rs:RegistryErrorList>${errors}</rs:RegistryErrorList>` : "",
    `<rim:RegistryObjectList>${opts.objects ?? ""}</rim:RegistryObjectList>`,
    `</query:AdhocQueryResponse>`,
  ].join("");
}

export function queryResponseEnvelope(relatesTo: string | null, body: string, action: string = ITI38.responseAction): string {
  return soapEnvelope({ action, relatesTo, body });
}

export function faultEnvelope(opts: { code: "Sender" | "Receiver"; subcode?: string; reason: string; relatesTo: string | null }): string {
  const sub = opts.subcode
    ? `<env:Subcode><env:Value xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">${escapeXml(opts.subcode)}</env:Value></env:Subcode>`
    : "";
  return soapEnvelope({
    action: "http://www.w3.org/2005/08/addressing/soap/fault",
    relatesTo: opts.relatesTo,
    body: `<env:Fault><env:Code><env:Value>env:${opts.code}</env:Value>${sub}</env:Code><env:Reason><env:Text xml:lang="nl">${escapeXml(opts.reason)}</env:Text></env:Reason></env:Fault>`,
  });
}

export function soap11Envelope(): string {
  return `<?xml version="1.0"?><soap:Envelope xmlns:soap="${NS.soap11}"><soap:Body><ok/></soap:Body></soap:Envelope>`;
}

/** The classic billion-laughs payload: must be refused, never expanded. */
export function billionLaughs(): string {
  const lines = [`<?xml version="1.0"?>`, `<!DOCTYPE lolz [`, ` <!ENTITY lol "lol">`];
  for (let i = 1; i <= 9; i++) lines.push(` <!ENTITY lol${i} "${`&lol${i === 1 ? "" : i - 1};`.repeat(10)}">`);
  lines.push(`]>`, `<env:Envelope xmlns:env="${NS.soap12}"><env:Body><x>&lol9;</x></env:Body></env:Envelope>`);
  return lines.join("\n");
}

/** An external entity (XXE) that would read a local file: must be refused, never fetched. */
export function externalEntity(): string {
  return `<?xml version="1.0"?>\n<!DOCTYPE env:Envelope [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n<env:Envelope xmlns:env="${NS.soap12}"><env:Body><x>&xxe;</x></env:Body></env:Envelope>`;
}

export interface MtomAttachment {
  contentId: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * Wraps a SOAP envelope as the root part of an MTOM/XOP multipart/related message. Without
 * attachments, one binary filler part (with a CRLF and "--" inside, as real binaries have).
 */
export function mtomMessage(
  envelope: string,
  boundary = "MIMEBoundary_duo_sim_0123456789",
  opts: { attachments?: MtomAttachment[]; action?: string } = {},
): { contentType: string; body: Buffer } {
  const start = "<root.message@duo-simulator>";
  const attachments = opts.attachments ?? [
    { contentId: "attachment-1@duo-simulator", contentType: "application/octet-stream", bytes: Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x0d, 0x0a, 0x2d, 0x2d]) },
  ];
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\n` +
        `Content-Type: application/xop+xml; charset=UTF-8; type="application/soap+xml"\r\n` +
        `Content-Transfer-Encoding: binary\r\n` +
        `Content-ID: ${start}\r\n\r\n` +
        envelope,
    ),
    ...attachments.flatMap((a) => [
      Buffer.from(`\r\n--${boundary}\r\nContent-Type: ${a.contentType}\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <${a.contentId}>\r\n\r\n`),
      a.bytes,
    ]),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const contentType = `multipart/related; type="application/xop+xml"; boundary="${boundary}"; start="${start}"; start-info="application/soap+xml"; action="${opts.action ?? ITI38.responseAction}"`;
  return { contentType, body };
}
