/**
 * The layered probe: DNS -> target safety -> TCP -> TLS (+ certificate) -> HTTP -> SOAP.
 *
 * `probeEndpoint` never throws. Every layer records facts; `classifyProbe` (pure) turns the
 * facts into the verdict. One deadline covers the whole check: a server that trickles a
 * byte at a time is cut off at the deadline, not kept alive by per-read timeouts.
 *
 * Security choices:
 * - connect to the address that was vetted (no second DNS lookup), SNI from the URL;
 * - chains are verified against the configured trust store only (Node's `ca` replaces the
 *   default roots; with no trust store, an empty list, so nothing is trusted);
 * - no HTTP request is sent to a server whose identity failed (chain, dates, hostname, URA),
 *   so a test patient never reaches an unverified peer;
 * - redirects are recorded, never followed; bodies are capped.
 */
import dns from "node:dns";
import http from "node:http";
import net from "node:net";
import tls from "node:tls";
import { readCertificateFacts } from "./certificate";
import {
  classifyProbe,
  daysUntil,
  type CertificateFacts,
  type ConnectFacts,
  type DnsFacts,
  type HttpFacts,
  type ProbeFacts,
  type ProbeMode,
  type TlsFacts,
} from "./classify";
import { readKosReference } from "./dicom";
import {
  buildProbeRequest,
  newMessageId,
  parseSoapResponse,
  soapContentType,
  TRANSACTION_INFO,
  type DocumentRef,
  type ImagingRef,
  type XcaTransaction,
} from "./soap";
import { otherTransactionOf, type DocumentEntryFacts, type SoapFacts } from "./classify";
import { EMPTY_ALLOW_LIST, parseAllowList, vetAddresses, type AllowList } from "./target-safety";
import type { CheckStatus, ReasonCode, WarningCode } from "./verdicts";

export interface ProbeOptions {
  url: string;
  mode?: ProbeMode;
  /** The endpoint's registered transaction: it decides the request. Default ITI-38. */
  transaction?: XcaTransaction;
  /**
   * Query mode is a chain over the community's addresses: ITI-38 FindDocuments -> ITI-39 retrieve
   * of one entry -> (for a KOS) RAD-75 of one instance. The endpoint's own URL fills its own slot.
   */
  chain?: { queryUrl?: string | null; retrieveUrl?: string | null; imagingUrl?: string | null } | null;
  /** A chain step: the document (ITI-39) or instance (RAD-75) to retrieve. */
  document?: DocumentRef | null;
  instance?: ImagingRef | null;
  /** The institution's registered URA; when set, the certificate's URA must match. */
  expectedUra?: string | null;
  homeCommunityId?: string | null;
  /** One deadline for the whole check. Default 10 s. */
  timeoutMs?: number;
  /** Above this total time the verdict is `slow`. Default 2 s. */
  slowMs?: number;
  /** Response body cap. Default 1 MB. */
  maxBodyBytes?: number;
  certExpiringDays?: number;
  /** PEM: our client certificate (may include the chain) and key, for mutual TLS. */
  clientCert?: string | Buffer | null;
  clientKey?: string | Buffer | null;
  /** PEM bundle of the only roots we trust. */
  trustStore?: string | Buffer | null;
  allowTargets?: AllowList | string | readonly string[] | null;
  /** Lets http:// through, and then only to allow-listed addresses (development). */
  allowHttp?: boolean;
  testPatient?: string | null;
  now?: () => Date;
  /** Replaces DNS (tests). Must return IP addresses. */
  lookup?: (hostname: string) => Promise<string[]>;
  /** Cancels the probe early; it then reports like a deadline. */
  signal?: AbortSignal;
  messageId?: string;
}

/** Why a chain step did not run as a retrieve (its texts: checker.chain.skipped.<code>). */
export const CHAIN_NOTE_CODES = ["no_endpoint", "no_query_endpoint", "no_document", "not_imaging"] as const;
export type ChainNote = (typeof CHAIN_NOTE_CODES)[number];

/** One step of the query-mode chain. `skipped` steps did not run; `note` says why (or why a step ran in transport mode). */
export interface ChainStep {
  transaction: XcaTransaction;
  url: string | null;
  status: CheckStatus | "skipped";
  reason: ReasonCode | null;
  reasons: ReasonCode[];
  phases: ProbeResult["phases"] | null;
  note: ChainNote | null;
  /** For action_not_supported: the transaction the address answered as (or is most likely for). */
  otherTransaction: XcaTransaction | null;
  /** The ebRS error codes of this step's answer (the texts name them). */
  registryErrors?: string[];
  /** What this step's texts need when it decides (its own certificate, HTTP status, fault, address). */
  facts?: ChainStepFacts;
  detail: string | null;
}

export interface ChainStepFacts {
  httpStatus: number | null;
  location: string | null;
  address: string | null;
  protocol: string | null;
  certUra: string | null;
  certNotAfter: string | null;
  certDaysLeft: number | null;
  faultCode: string | null;
  faultReason: string | null;
}

export interface ProbeResult {
  url: string;
  mode: ProbeMode;
  /** The transaction whose request was sent (the endpoint's). */
  transaction?: XcaTransaction;
  /** For action_not_supported: the transaction the address seems to serve instead. */
  otherTransaction?: XcaTransaction | null;
  /** Query mode: the chain, in order; the first failing step decides status and reason. */
  steps?: ChainStep[];
  /** The transaction of the step that decided the verdict (the texts name it). */
  verdictTransaction?: XcaTransaction;
  status: CheckStatus;
  reason: ReasonCode | null;
  reasons: ReasonCode[];
  warnings: WarningCode[];
  phases: {
    dnsMs: number | null;
    connectMs: number | null;
    tlsMs: number | null;
    /** From sending the request to the first response byte. */
    firstByteMs: number | null;
    totalMs: number;
  };
  tls: { protocol: string | null; cipher: string | null };
  certificate: {
    subject: string | null;
    issuer: string | null;
    notAfter: string | null;
    daysLeft: number | null;
    ura: string | null;
    fingerprint: string | null;
  };
  soap: {
    action: string | null;
    relatesTo: string | null;
    status: string | null;
    errors: Array<{ errorCode: string; codeContext: string | null; severity: string | null }>;
    fault: { code: string; reason: string | null } | null;
    documentCount: number | null;
  };
  httpStatus: number | null;
  /** Location of a redirect that was not followed. */
  redirectLocation: string | null;
  limits: { timeoutMs: number; slowMs: number; maxBodyBytes: number };
  /** The IP address the probe connected to. */
  address: string | null;
  expectedUra: string | null;
  /** Technical detail (English) about the first problem, for operators. */
  detail: string | null;
  checkedAt: string;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const DEADLINE = Symbol("deadline");
type Deadline = typeof DEADLINE;

/** Resolves with the promise, or DEADLINE once the signal aborts. */
function race<T>(p: Promise<T>, signal: AbortSignal): Promise<T | Deadline> {
  if (signal.aborted) return Promise.resolve(DEADLINE);
  return new Promise((resolve) => {
    const onAbort = () => resolve(DEADLINE);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      () => {
        signal.removeEventListener("abort", onAbort);
        resolve(DEADLINE);
      },
    );
  });
}

const round = (ms: number) => Math.round(ms);
const noop = () => {};

// Secure contexts are costly (parsing the CA bundle); sweeps reuse one per configuration.
const contextCache = new Map<string, tls.SecureContext>();
// A sweep passes the same PEM strings every time: skip building the (PEM-sized) key then. Strings
// only — they are immutable, so === is equality of content; Buffers take the keyed path.
let lastContext: { trustStore: ProbeOptions["trustStore"]; clientCert: ProbeOptions["clientCert"]; clientKey: ProbeOptions["clientKey"]; ctx: tls.SecureContext } | null = null;
function secureContextFor(opts: ProbeOptions): tls.SecureContext {
  const immutable = [opts.trustStore, opts.clientCert, opts.clientKey].every((v) => v == null || typeof v === "string");
  if (!immutable) return secureContextByContent(opts);
  if (lastContext && lastContext.trustStore === opts.trustStore && lastContext.clientCert === opts.clientCert && lastContext.clientKey === opts.clientKey) return lastContext.ctx;
  const ctx = secureContextByContent(opts);
  lastContext = { trustStore: opts.trustStore, clientCert: opts.clientCert, clientKey: opts.clientKey, ctx };
  return ctx;
}
function secureContextByContent(opts: ProbeOptions): tls.SecureContext {
  const ca = opts.trustStore ? String(opts.trustStore) : "";
  const cert = opts.clientCert ? String(opts.clientCert) : "";
  const key = opts.clientKey ? String(opts.clientKey) : "";
  const cacheKey = `${ca}\u0000${cert}\u0000${key}`;
  const hit = contextCache.get(cacheKey);
  if (hit) return hit;
  const ctx = tls.createSecureContext({
    // An explicit (possibly empty) list: never fall back to the system/Mozilla roots.
    ca: ca ? [ca] : [],
    cert: cert || undefined,
    key: key || undefined,
    minVersion: "TLSv1.2",
  });
  if (contextCache.size >= 8) contextCache.delete(contextCache.keys().next().value as string);
  contextCache.set(cacheKey, ctx);
  return ctx;
}

// Certificate facts are a pure function of the DER bytes; decoding the UZI otherName (ASN.1 in
// JS) was the second-largest cost per check, and a gateway presents the same certificate on every
// check, so facts are memoised by the SHA-256 fingerprint OpenSSL already computed.
const certificateFactsCache = new Map<string, Readonly<CertificateFacts>>();
function certificateFacts(der: Buffer, fingerprint256: string | undefined): Readonly<CertificateFacts> {
  const hit = fingerprint256 ? certificateFactsCache.get(fingerprint256) : undefined;
  if (hit) return hit;
  const facts = Object.freeze(readCertificateFacts(der));
  if (certificateFactsCache.size >= 4096) certificateFactsCache.delete(certificateFactsCache.keys().next().value as string);
  certificateFactsCache.set(facts.fingerprint, facts);
  return facts;
}

const CLIENT_CERT_ALERTS = [
  "ALERT_BAD_CERTIFICATE",
  "ALERT_UNKNOWN_CA",
  "CERTIFICATE_REQUIRED",
  "ALERT_CERTIFICATE_UNKNOWN",
  "ALERT_ACCESS_DENIED",
  "ALERT_UNSUPPORTED_CERTIFICATE",
  "ALERT_CERTIFICATE_EXPIRED",
  "ALERT_CERTIFICATE_REVOKED",
];
const VERSION_ERRORS = ["UNSUPPORTED_PROTOCOL", "PROTOCOL_VERSION", "VERSION_TOO_LOW", "NO_PROTOCOLS_AVAILABLE"];

function errorText(err: unknown): string {
  if (err && typeof err === "object") {
    const e = err as { code?: string; message?: string };
    return `${e.code ?? ""} ${e.message ?? ""}`.toUpperCase();
  }
  return String(err).toUpperCase();
}

/** What a TLS-level error says about the handshake. Server alerts about certificates are about ours. */
export function mapTlsError(err: unknown): "protocol_version" | "client_cert_rejected" | "failed" {
  const text = errorText(err).replace(/ /g, "_");
  if (VERSION_ERRORS.some((c) => text.includes(c))) return "protocol_version";
  if (CLIENT_CERT_ALERTS.some((c) => text.includes(c))) return "client_cert_rejected";
  return "failed";
}

function errCode(err: unknown): string | undefined {
  return err && typeof err === "object" && "code" in err ? String((err as { code: unknown }).code) : undefined;
}

async function resolveHost(host: string, lookup: ProbeOptions["lookup"]): Promise<DnsFacts> {
  if (net.isIP(host)) return { ok: true, addresses: [host] };
  try {
    const addresses = lookup
      ? await lookup(host)
      : (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    if (addresses.length === 0) return { ok: false, error: "not_found" };
    return { ok: true, addresses: [...new Set(addresses)] };
  } catch (err) {
    const code = errCode(err);
    const notFound = code === "ENOTFOUND" || code === "ENODATA" || code === "EAI_NONAME";
    return { ok: false, error: notFound ? "not_found" : "error", code };
  }
}

function connectTcp(address: string, port: number, signal: AbortSignal): Promise<{ facts: ConnectFacts; socket?: net.Socket }> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve({ facts: { ok: false, error: "timeout" } });
    const socket = net.connect({ host: address, port, noDelay: true });
    const done = (r: { facts: ConnectFacts; socket?: net.Socket }) => {
      signal.removeEventListener("abort", onAbort);
      socket.removeAllListeners("connect");
      resolve(r);
    };
    const onAbort = () => {
      socket.destroy();
      done({ facts: { ok: false, error: "timeout" } });
    };
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", () => {
      // Later errors surface through the TLS/HTTP layers; this keeps them from crashing the process.
      socket.removeAllListeners("error");
      socket.on("error", noop);
      done({ facts: { ok: true, address }, socket });
    });
    socket.once("error", (err) => {
      socket.destroy();
      const code = errCode(err);
      const error =
        code === "ECONNREFUSED" || code === "ECONNRESET"
          ? "refused"
          : code === "ETIMEDOUT"
            ? "timeout"
            : code === "EHOSTUNREACH" || code === "ENETUNREACH"
              ? "unreachable"
              : "error";
      done({ facts: { ok: false, error, code } });
    });
  });
}

interface TlsOutcome {
  facts: TlsFacts;
  socket?: tls.TLSSocket;
  detail?: string;
  /** TLS 1.3 session tickets seen: a server sends them only after it accepted our side of the handshake. */
  ticketsSeen?: () => number;
}

function handshake(
  raw: net.Socket,
  host: string,
  opts: ProbeOptions,
  signal: AbortSignal,
  now: Date,
): Promise<TlsOutcome> {
  const empty = (handshake: TlsFacts["handshake"], errorCode?: string): TlsFacts => ({
    handshake,
    errorCode,
    protocol: null,
    cipher: null,
    chain: null,
    hostname: null,
    certificate: null,
  });
  return new Promise((resolve) => {
    let socket: tls.TLSSocket;
    let nodePeer: tls.PeerCertificate | undefined;
    try {
      socket = tls.connect({
        socket: raw,
        servername: net.isIP(host) ? undefined : host,
        secureContext: secureContextFor(opts),
        minVersion: "TLSv1.2",
        rejectUnauthorized: false,
        // We check the identity ourselves below, to classify instead of failing. Node hands this
        // callback the peer certificate after a verified handshake; keep it rather than asking twice.
        checkServerIdentity: (_host, cert) => {
          nodePeer = cert;
          return undefined;
        },
        ALPNProtocols: ["http/1.1"],
      });
    } catch (err) {
      raw.destroy();
      return resolve({ facts: empty("failed", errCode(err)), detail: `TLS setup failed: ${(err as Error).message}` });
    }
    // Node fetches that certificate with getPeerCertificate(true): the whole chain as objects, with
    // three fingerprints each — ~1 ms of CPU per check, the largest single cost in a sweep profile.
    // Our callback uses the leaf only, so this socket (ours alone) answers with the leaf.
    const leafOnly = socket.getPeerCertificate.bind(socket);
    socket.getPeerCertificate = (() => leafOnly(false)) as typeof socket.getPeerCertificate;
    let settled = false;
    let tickets = 0;
    socket.on("session", () => tickets++);
    const done = (r: TlsOutcome) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      socket.removeListener("error", onError);
      socket.removeListener("close", onClose);
      if (r.socket) socket.on("error", noop);
      else socket.destroy();
      resolve(r);
    };
    const onAbort = () => done({ facts: empty("timeout"), detail: "deadline reached during the TLS handshake" });
    const onError = (err: Error) =>
      done({ facts: empty(mapTlsError(err), errCode(err)), detail: `TLS handshake failed: ${err.message.trim().slice(0, 300)}` });
    const onClose = () => done({ facts: empty("failed"), detail: "connection closed during the TLS handshake" });
    signal.addEventListener("abort", onAbort, { once: true });
    socket.on("error", onError);
    socket.on("close", onClose);
    socket.once("secureConnect", () => {
      const cipher = socket.getCipher();
      // The leaf only: the chain verdict comes from OpenSSL (`authorized`), not from certificate objects.
      const peer = nodePeer ?? socket.getPeerCertificate(false);
      let certificate: TlsFacts["certificate"] = null;
      let detail: string | undefined;
      if (peer && peer.raw) {
        try {
          certificate = certificateFacts(peer.raw, peer.fingerprint256);
        } catch (err) {
          detail = `certificate unreadable: ${(err as Error).message}`;
        }
      }
      const authErr = socket.authorizationError ? String(socket.authorizationError) : null;
      let chain: TlsFacts["chain"] = "trusted";
      if (!socket.authorized) {
        if (authErr === "CERT_HAS_EXPIRED") chain = "expired";
        else if (authErr === "CERT_NOT_YET_VALID") chain = "not_yet_valid";
        else chain = "untrusted";
        detail ??= `certificate chain not accepted: ${authErr ?? "unknown"}`;
      }
      let hostname: TlsFacts["hostname"] = null;
      if (peer && peer.raw) {
        const idErr = tls.checkServerIdentity(host, peer);
        hostname = idErr ? "mismatch" : "match";
        if (idErr) detail ??= idErr.message;
      }
      const days = certificate ? daysUntil(certificate.notAfter, now) : null;
      if (days !== null && days < 0) detail ??= `certificate expired on ${certificate?.notAfter}`;
      done({
        facts: {
          handshake: "ok",
          protocol: socket.getProtocol() ?? null,
          cipher: cipher ? (cipher.standardName ?? cipher.name) : null,
          chain,
          hostname,
          certificate,
        },
        socket,
        detail,
        ticketsSeen: () => tickets,
      });
    });
  });
}

interface HttpOutcome {
  facts: HttpFacts;
  body: Buffer | null;
  firstByteMs: number | null;
  detail?: string;
}

function exchange(
  socket: net.Socket,
  url: URL,
  body: string,
  action: string,
  maxBytes: number,
  signal: AbortSignal,
  /** True when a connection closed without any answer means the server refused our certificate. */
  closeMeansCertRejected: () => boolean,
): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const base: HttpFacts = { outcome: "error", statusCode: null, location: null, contentType: null, bodyBytes: 0 };
    let settled = false;
    let firstByteMs: number | null = null;
    const sentAt = performance.now();
    const payload = Buffer.from(body, "utf8");
    let req: http.ClientRequest;
    const done = (facts: Partial<HttpFacts>, bodyBuf: Buffer | null, detail?: string) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      resolve({ facts: { ...base, ...facts }, body: bodyBuf, firstByteMs, detail });
      req?.destroy();
      socket.destroy();
    };
    const onAbort = () => done({ outcome: "timeout" }, null, "deadline reached before the response was complete");
    signal.addEventListener("abort", onAbort, { once: true });

    socket.on("error", (err) => {
      const rejected = mapTlsError(err) === "client_cert_rejected";
      done(
        { outcome: rejected ? "client_cert_rejected" : "error", errorCode: errCode(err) },
        null,
        `${rejected ? "server rejected our client certificate" : "connection failed"}: ${err.message.trim().slice(0, 200)}`,
      );
    });
    socket.once("data", () => {
      firstByteMs = round(performance.now() - sentAt);
    });

    req = http.request({
      method: "POST",
      host: url.hostname,
      path: `${url.pathname}${url.search}`,
      headers: {
        Host: url.host,
        "Content-Type": soapContentType(action),
        "Content-Length": payload.length,
        Accept: "application/soap+xml, multipart/related",
        "User-Agent": "duo-portal-checker/1",
        Connection: "close",
      },
      createConnection: () => socket,
    });
    req.on("error", (err) => {
      const kind = mapTlsError(err);
      if (kind !== "client_cert_rejected" && firstByteMs === null && closeMeansCertRejected()) {
        // TLS 1.3: the server checks our certificate after our Finished. Servers that refuse it
        // without an alert (Node, some proxies) just close: no session ticket, no byte of HTTP.
        return done(
          { outcome: "client_cert_rejected", errorCode: errCode(err) },
          null,
          "server closed the connection right after the TLS handshake without completing it (no session ticket): our client certificate was most likely refused",
        );
      }
      if (kind === "client_cert_rejected") {
        return done({ outcome: "client_cert_rejected", errorCode: errCode(err) }, null, `server rejected our client certificate: ${err.message.trim().slice(0, 200)}`);
      }
      done({ outcome: "error", errorCode: errCode(err) }, null, `no valid HTTP response: ${err.message.trim().slice(0, 200)}`);
    });
    req.on("response", (res) => {
      const statusCode = res.statusCode ?? null;
      const contentType = typeof res.headers["content-type"] === "string" ? res.headers["content-type"] : null;
      const location = typeof res.headers.location === "string" ? res.headers.location.slice(0, 500) : null;
      const head = { statusCode, contentType, location };
      if (statusCode !== null && statusCode >= 300 && statusCode < 400) {
        return done({ ...head, outcome: "response" }, null, `redirect ${statusCode} to ${location ?? "(no Location)"}, not followed`);
      }
      const declared = Number(res.headers["content-length"]);
      if (Number.isFinite(declared) && declared > maxBytes) {
        return done({ ...head, outcome: "too_large", bodyBytes: declared }, null, `Content-Length ${declared} exceeds ${maxBytes} bytes`);
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          done({ ...head, outcome: "too_large", bodyBytes: bytes }, null, `body exceeds ${maxBytes} bytes`);
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => done({ ...head, outcome: "response", bodyBytes: bytes }, Buffer.concat(chunks)));
      res.on("error", (err) => done({ ...head, outcome: "error", errorCode: errCode(err) }, null, `response broken off: ${err.message}`));
      res.on("aborted", () => done({ ...head, outcome: "error" }, null, "response broken off"));
    });
    req.end(payload);
  });
}

/**
 * Probes one endpoint with its own transaction. Never throws; returns the verdict with every fact it
 * could gather. Query mode runs the chain (see `ProbeOptions.chain`).
 */
export async function probeEndpoint(opts: ProbeOptions): Promise<ProbeResult> {
  if ((opts.mode ?? "transport") === "query" && opts.testPatient) {
    try {
      return await probeChain(opts);
    } catch (err) {
      // Never throws: a bug in the chain falls back to the endpoint's own probe, and says so.
      const own = await probeStep({ ...opts, mode: "transport" });
      return { ...own.result, detail: [own.result.detail, `chain failed: ${(err as Error)?.message ?? String(err)}`].filter(Boolean).join("; ") };
    }
  }
  return (await probeStep(opts)).result;
}

/** The most likely confusion when an address refuses a transaction: query vs. retrieve. */
function likelyOther(t: XcaTransaction): XcaTransaction {
  return t === "iti38" ? "iti39" : "iti38";
}

interface StepOutcome {
  result: ProbeResult;
  soap: SoapFacts | undefined;
}

/** One request of one transaction to one address: the layered probe. */
export async function probeStep(opts: ProbeOptions): Promise<StepOutcome> {
  const nowFn = opts.now ?? (() => new Date());
  const transaction: XcaTransaction = opts.transaction ?? "iti38";
  const checkedAt = nowFn();
  const started = performance.now();
  const timeoutMs = Math.max(1, opts.timeoutMs ?? 10_000);
  const slowMs = opts.slowMs ?? 2_000;
  const maxBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let mode: ProbeMode = opts.mode ?? "transport";
  const notes: string[] = [];
  if (mode === "query" && !opts.testPatient) {
    // Without an agreed test patient a full query is impossible; say so rather than guess one.
    mode = "transport";
    notes.push("query mode needs CHECKER_TEST_PATIENT; probed in transport mode");
  }

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const onOuterAbort = () => controller.abort();
  opts.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (opts.signal?.aborted) controller.abort();
  const signal = controller.signal;

  const facts: ProbeFacts = { mode, transaction, tlsExpected: true, url: { ok: true }, expectedUra: opts.expectedUra ?? null };
  const phases: ProbeResult["phases"] = { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 0 };
  let detail: string | null = null;
  let address: string | null = null;
  const note = (d: string | undefined | null) => {
    if (d && detail === null) detail = d;
  };

  try {
    await runLayers();
  } catch (err) {
    // A bug must not take the worker down; the facts gathered so far still classify (as a failure).
    note(`internal error: ${(err as Error)?.message ?? String(err)}`);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onOuterAbort);
  }
  phases.totalMs = round(performance.now() - started);
  facts.totalMs = phases.totalMs;

  const verdict = classifyProbe(facts, { slowMs, certExpiringDays: opts.certExpiringDays, now: checkedAt });
  const cert = facts.tls?.certificate ?? null;
  const soap = facts.soap?.kind === "envelope" ? facts.soap : null;
  if (verdict.status !== "up" && detail === null && facts.soap && facts.soap.kind !== "envelope") note(facts.soap.detail);
  if (verdict.reasons.includes("slow")) note(`total ${phases.totalMs} ms above ${slowMs} ms`);
  if (verdict.reasons.includes("cert_expiring") && cert) note(`certificate expires on ${cert.notAfter}`);
  const otherTransaction = verdict.reasons.includes("action_not_supported")
    ? (otherTransactionOf(soap?.action ?? null, transaction) ?? likelyOther(transaction))
    : null;
  const result: ProbeResult = {
    url: opts.url,
    mode,
    transaction,
    otherTransaction,
    status: verdict.status,
    reason: verdict.reason,
    reasons: verdict.reasons,
    warnings: verdict.warnings,
    phases,
    tls: { protocol: facts.tls?.protocol ?? null, cipher: facts.tls?.cipher ?? null },
    certificate: {
      subject: cert?.subject ?? null,
      issuer: cert?.issuer ?? null,
      notAfter: cert?.notAfter ?? null,
      daysLeft: cert ? daysUntil(cert.notAfter, checkedAt) : null,
      ura: cert?.ura ?? null,
      fingerprint: cert?.fingerprint ?? null,
    },
    soap: {
      action: soap?.action ?? null,
      relatesTo: soap?.relatesTo ?? null,
      status: soap?.registry?.status ?? null,
      errors: (soap?.registry?.errors ?? []).map((e) => ({ errorCode: e.errorCode, codeContext: e.codeContext, severity: e.severity })),
      fault: soap?.fault ? { code: soap.fault.code, reason: soap.fault.reason } : null,
      documentCount: soap?.registry ? soap.registry.documentCount : null,
    },
    httpStatus: facts.http?.statusCode ?? null,
    redirectLocation: verdict.reasons.includes("redirect") ? (facts.http?.location ?? null) : null,
    limits: { timeoutMs, slowMs, maxBodyBytes: maxBytes },
    address,
    expectedUra: opts.expectedUra ?? null,
    detail: [detail, ...notes].filter(Boolean).join("; ") || null,
    checkedAt: checkedAt.toISOString(),
  };
  return { result, soap: facts.soap };

  async function runLayers(): Promise<void> {
    // URL
    let url: URL;
    try {
      url = new URL(opts.url);
    } catch {
      facts.url = { ok: false, problem: "invalid_url" };
      note("not a valid URL");
      return;
    }
    const isHttp = url.protocol === "http:";
    if (url.protocol !== "https:" && !(isHttp && opts.allowHttp)) {
      facts.url = { ok: false, problem: "scheme_not_allowed" };
      note(`scheme ${url.protocol} not allowed (https only)`);
      return;
    }
    if (url.username || url.password) {
      facts.url = { ok: false, problem: "scheme_not_allowed" };
      note("credentials in the URL are not allowed");
      return;
    }
    facts.tlsExpected = !isHttp;
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const port = url.port ? Number(url.port) : isHttp ? 80 : 443;

    // DNS
    let t = performance.now();
    const dnsResult = await race(resolveHost(host, opts.lookup), signal);
    phases.dnsMs = round(performance.now() - t);
    if (dnsResult === DEADLINE) {
      facts.dns = { ok: false, error: "timeout" };
      note("deadline reached during DNS lookup");
      return;
    }
    facts.dns = dnsResult;
    if (!dnsResult.ok) {
      note(`DNS lookup of ${host} failed${dnsResult.code ? ` (${dnsResult.code})` : ""}`);
      return;
    }

    // Target safety: every address, and plain http only to allow-listed ones.
    const allow =
      opts.allowTargets == null
        ? EMPTY_ALLOW_LIST
        : typeof opts.allowTargets === "string" || Array.isArray(opts.allowTargets)
          ? parseAllowList(opts.allowTargets as string | string[])
          : (opts.allowTargets as AllowList);
    const vetted = vetAddresses(dnsResult.addresses, allow);
    if (!vetted.ok) {
      facts.target = { ok: false, blocked: vetted.blocked };
      address = vetted.blocked[0]?.address ?? null;
      note(`refused target ${vetted.blocked.map((b) => `${b.address} (${b.category})`).join(", ")}`);
      return;
    }
    if (isHttp && !vetted.decisions.every((d) => d.allowListed)) {
      facts.target = { ok: false, blocked: vetted.decisions.filter((d) => !d.allowListed).map((d) => ({ address: d.address, category: d.category })) };
      note("http:// is only allowed to allow-listed targets");
      return;
    }
    facts.target = { ok: true };

    // TCP: the vetted addresses in order, within the one deadline.
    t = performance.now();
    let socket: net.Socket | undefined;
    for (const candidate of dnsResult.addresses) {
      const r = await connectTcp(candidate, port, signal);
      facts.connect = r.facts;
      address = candidate;
      if (r.socket) {
        socket = r.socket;
        break;
      }
      if (!r.facts.ok && r.facts.error === "timeout") break;
    }
    phases.connectMs = round(performance.now() - t);
    if (!socket) {
      const c = facts.connect;
      note(c && !c.ok ? `TCP connect to ${address}:${port} failed: ${c.code ?? c.error}` : "no address to connect to");
      return;
    }

    // TLS
    let channel: net.Socket = socket;
    let ticketsSeen: (() => number) | null = null;
    if (!isHttp) {
      t = performance.now();
      const outcome = await handshake(socket, host, opts, signal, checkedAt);
      phases.tlsMs = round(performance.now() - t);
      facts.tls = outcome.facts;
      note(outcome.detail);
      if (!outcome.socket) return;
      const f = outcome.facts;
      const uraBad = Boolean(opts.expectedUra) && f.certificate?.ura !== opts.expectedUra;
      if (uraBad) note(`certificate URA ${f.certificate?.ura ?? "(none)"} is not the registered ${opts.expectedUra}`);
      const expired = f.certificate ? Date.parse(f.certificate.notAfter) <= checkedAt.getTime() : false;
      if (f.chain !== "trusted" || f.hostname !== "match" || uraBad || expired || !f.certificate) {
        outcome.socket.destroy();
        return;
      }
      channel = outcome.socket;
      ticketsSeen = outcome.ticketsSeen ?? null;
    }

    // HTTP + SOAP
    const messageId = opts.messageId ?? newMessageId();
    const info = TRANSACTION_INFO[transaction];
    facts.request = { messageId, expectedAction: info.responseAction };
    const envelope = buildProbeRequest({
      transaction,
      mode,
      to: opts.url,
      messageId,
      patientId: mode === "query" ? opts.testPatient : null,
      homeCommunityId: opts.homeCommunityId,
      document: opts.document,
      instance: opts.instance,
    });
    const tlsFacts = facts.tls;
    const presentedCert = Boolean(opts.clientCert && opts.clientKey);
    const closeMeansCertRejected = () =>
      presentedCert && tlsFacts?.protocol === "TLSv1.3" && ticketsSeen !== null && ticketsSeen() === 0;
    const res = await exchange(channel, url, envelope, info.action, maxBytes, signal, closeMeansCertRejected);
    phases.firstByteMs = res.firstByteMs;
    facts.http = res.facts;
    note(res.detail);
    if (res.facts.outcome !== "response" || res.body === null) return;
    if (res.facts.statusCode !== null && res.facts.statusCode >= 300 && res.facts.statusCode < 400) return;
    facts.soap = parseSoapResponse(res.facts.contentType, res.body);
    if (facts.soap.kind === "envelope") {
      const s = facts.soap;
      if (s.fault) note(`SOAP fault ${s.fault.code}${s.fault.reason ? `: ${s.fault.reason}` : ""}`);
      else if (s.action !== info.responseAction || s.relatesTo !== messageId) {
        note(`WS-Addressing: Action ${s.action ?? "(none)"}, RelatesTo ${s.relatesTo ?? "(none)"} (expected ${messageId})`);
      }
      if (s.registry && s.registry.outcome !== "Success" && s.registry.errors.length > 0) {
        note(`registry ${s.registry.outcome ?? s.registry.status}: ${s.registry.errors.map((e) => e.errorCode).join(", ")}`);
      }
    }
    if (res.facts.statusCode !== null && (res.facts.statusCode < 200 || res.facts.statusCode >= 300)) {
      note(`HTTP ${res.facts.statusCode}`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Query mode: the chain ITI-38 -> ITI-39 -> (KOS) RAD-75

const DICOM_MIME = "application/dicom";
/**
 * A retrieve in the chain carries a real document (a report PDF, a DICOM instance): the 1 MB cap
 * meant for SOAP answers would call a healthy retrieve too_large. Still bounded.
 */
export const CHAIN_RETRIEVE_MAX_BODY_BYTES = 16 * 1024 * 1024;

function usableEntries(soap: SoapFacts | undefined): DocumentEntryFacts[] {
  if (!soap || soap.kind !== "envelope") return [];
  return (soap.entries ?? []).filter((e) => e.uniqueId && e.repositoryUniqueId);
}

/** The retrieved document for a request, or why there is none (English, for `detail`). */
function checkRetrieved(
  soap: SoapFacts | undefined,
  wanted: { documentUniqueId: string; mimeType: string | null },
): { ok: true; content: Buffer } | { ok: false; detail: string } {
  if (!soap || soap.kind !== "envelope") return { ok: false, detail: "no retrieve response" };
  const docs = soap.documents ?? [];
  const doc = docs.find((d) => d.documentUniqueId === wanted.documentUniqueId);
  if (!doc) return { ok: false, detail: `document ${wanted.documentUniqueId} not in the response (${docs.length} document(s))` };
  if (!doc.content || doc.content.length === 0) return { ok: false, detail: `document ${wanted.documentUniqueId} is empty` };
  if (wanted.mimeType && doc.mimeType !== wanted.mimeType) {
    return { ok: false, detail: `document ${wanted.documentUniqueId} has mime type ${doc.mimeType ?? "(none)"}, the query announced ${wanted.mimeType}` };
  }
  return { ok: true, content: doc.content };
}

function stepOf(result: ProbeResult, note: ChainNote | null = null): ChainStep {
  return {
    transaction: result.transaction ?? "iti38",
    url: result.url,
    status: result.status,
    reason: result.reason,
    reasons: result.reasons,
    phases: result.phases,
    note,
    otherTransaction: result.otherTransaction ?? null,
    registryErrors: result.soap.errors.map((e) => e.errorCode).slice(0, 10),
    facts: {
      httpStatus: result.httpStatus,
      location: result.redirectLocation,
      address: result.address,
      protocol: result.tls.protocol,
      certUra: result.certificate.ura,
      certNotAfter: result.certificate.notAfter,
      certDaysLeft: result.certificate.daysLeft,
      faultCode: result.soap.fault?.code ?? null,
      faultReason: result.soap.fault?.reason?.slice(0, 200) ?? null,
    },
    detail: result.detail,
  };
}

/** A retrieve step that answered but did not deliver: down with retrieve_failed first. */
function failRetrieve(step: ChainStep, detail: string): ChainStep {
  const rest = step.reasons.filter((r) => r !== "registry_failure" && r !== "retrieve_failed" && r !== "partial_success");
  const reasons: ReasonCode[] = ["retrieve_failed", ...rest];
  return { ...step, status: "down", reason: "retrieve_failed", reasons, detail: [detail, step.detail].filter(Boolean).join("; ") };
}

async function probeChain(opts: ProbeOptions): Promise<ProbeResult> {
  const own: XcaTransaction = opts.transaction ?? "iti38";
  const urls: Record<XcaTransaction, string | null> = {
    iti38: own === "iti38" ? opts.url : (opts.chain?.queryUrl ?? null),
    iti39: own === "iti39" ? opts.url : (opts.chain?.retrieveUrl ?? null),
    rad75: own === "rad75" ? opts.url : (opts.chain?.imagingUrl ?? null),
  };
  const steps: ChainStep[] = [];
  let ownResult: ProbeResult | null = null;
  const step = async (transaction: XcaTransaction, extra: Partial<ProbeOptions>): Promise<StepOutcome> => {
    const maxBodyBytes = transaction === "iti38" ? opts.maxBodyBytes : Math.max(opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, CHAIN_RETRIEVE_MAX_BODY_BYTES);
    const out = await probeStep({ ...opts, ...extra, url: urls[transaction]!, transaction, mode: "query", chain: null, messageId: undefined, maxBodyBytes });
    if (transaction === own) ownResult = out.result;
    return out;
  };
  /** A step that cannot run in the chain: the endpoint itself is still probed (transport), others are skipped. */
  const cannotRun = async (transaction: XcaTransaction, note: ChainNote) => {
    if (transaction === own) {
      const out = await probeStep({ ...opts, mode: "transport", chain: null });
      ownResult = out.result;
      steps.push(stepOf(out.result, note));
    } else {
      steps.push({ transaction, url: urls[transaction], status: "skipped", reason: null, reasons: [], phases: null, note, otherTransaction: null, detail: null });
    }
  };

  run: {
    if (!urls.iti38) {
      await cannotRun(own, "no_query_endpoint");
      break run;
    }
    const query = await step("iti38", {});
    steps.push(stepOf(query.result));
    if (query.result.status === "down") break run;

    const entries = usableEntries(query.soap);
    const isDicom = (e: DocumentEntryFacts) => e.mimeType === DICOM_MIME;
    // Exercise RAD-75 when there is an imaging address (a KOS), else prefer a plain document.
    const entry = (urls.rad75 ? entries.find(isDicom) : entries.find((e) => !isDicom(e))) ?? entries[0];
    if (!urls.iti39) {
      await cannotRun("iti39", "no_endpoint");
      if (own === "rad75") await cannotRun("rad75", "no_document");
      break run;
    }
    if (!entry) {
      await cannotRun("iti39", "no_document");
      if (own === "rad75") await cannotRun("rad75", "no_document");
      break run;
    }
    const document: DocumentRef = {
      homeCommunityId: entry.homeCommunityId ?? opts.homeCommunityId ?? null,
      repositoryUniqueId: entry.repositoryUniqueId!,
      documentUniqueId: entry.uniqueId!,
    };
    const retrieve = await step("iti39", { document, homeCommunityId: document.homeCommunityId });
    let retrieveStep = stepOf(retrieve.result);
    let content: Buffer | null = null;
    if (retrieve.result.status !== "down" || retrieve.result.reason === "registry_failure") {
      const got = checkRetrieved(retrieve.soap, { documentUniqueId: document.documentUniqueId, mimeType: entry.mimeType });
      if (got.ok) content = got.content;
      else retrieveStep = failRetrieve(retrieveStep, got.detail);
    }
    let instance: ImagingRef | null = null;
    if (content && isDicom(entry)) {
      const kos = readKosReference(content);
      if (kos.ok) instance = { ...kos.reference, homeCommunityId: document.homeCommunityId, repositoryUniqueId: document.repositoryUniqueId };
      else retrieveStep = failRetrieve(retrieveStep, `KOS unreadable: ${kos.detail}`);
    }
    steps.push(retrieveStep);
    if (retrieveStep.status === "down") break run;

    if (!instance) {
      if (own === "rad75") await cannotRun("rad75", "not_imaging");
      break run;
    }
    if (!urls.rad75) {
      await cannotRun("rad75", "no_endpoint");
      break run;
    }
    const imaging = await step("rad75", { instance, homeCommunityId: instance.homeCommunityId });
    let imagingStep = stepOf(imaging.result);
    if (imaging.result.status !== "down" || imaging.result.reason === "registry_failure") {
      const got = checkRetrieved(imaging.soap, { documentUniqueId: instance.documentUniqueId, mimeType: null });
      if (!got.ok) imagingStep = failRetrieve(imagingStep, got.detail);
    }
    steps.push(imagingStep);
  }

  // The endpoint's own facts (certificate, TLS, phases) come from its own step.
  let base: ProbeResult = ownResult ?? (await probeStep({ ...opts, mode: "transport", chain: null })).result;
  base = { ...base, mode: "query", transaction: own };
  const ran = steps.filter((s): s is ChainStep & { status: CheckStatus } => s.status !== "skipped");
  const decider = ran.find((s) => s.status === "down") ?? ran.find((s) => s.status === "degraded") ?? null;
  if (!decider) return { ...base, steps };
  const reasons = [...new Set([...decider.reasons, ...base.reasons])];
  const label = TRANSACTION_INFO[decider.transaction].label;
  return {
    ...base,
    status: decider.status,
    reason: reasons[0] ?? null,
    reasons,
    otherTransaction: decider.otherTransaction,
    verdictTransaction: decider.transaction,
    steps,
    detail: decider.transaction === own ? base.detail : [`${label}: ${decider.detail ?? decider.reason}`, base.detail].filter(Boolean).join("; "),
  };
}
