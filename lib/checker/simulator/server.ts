/**
 * A loopback XCA responding gateway for demos, tests and benchmarks.
 *
 * Behaviour is chosen by the first path segment: `https://127.0.0.1:PORT/<scenario>/xca/iti38`
 * (anything after the scenario is free, so demo endpoints can have their own paths).
 * Certificate and TLS misbehaviour happens before a path is known, so those scenarios get
 * their own listener (port); `url(scenario)` hides the difference.
 *
 * Every TLS listener demands a client certificate from the test PKI (mutual TLS, as real
 * gateways do), except `client-ca`, which demands one from another CA.
 *
 * `serveUra(ura)` adds a listener whose certificate carries that URA (good, expired or
 * expiring); the path scenarios work there too. The checker connects to an IP address without
 * SNI, so a certificate needs a port of its own: the demo gives every institution its own.
 */
import http from "node:http";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
import { parseXcaRequest, soapContentType, toPatientCx, TRANSACTION_INFO, transactionOfAction, type DocumentRef, type XcaTransaction } from "../soap";
import { loadOrCreateTestPki, generateTestPki, uraServerCert, type ServerCertKind, type TestPki, type UraCertKind } from "./pki";
import {
  adhocQueryResponse,
  billionLaughs,
  DEMO_TEST_PATIENTS,
  demoDocumentEntries,
  demoDocuments,
  demoInstances,
  externalEntity,
  faultEnvelope,
  mtomMessage,
  queryResponseEnvelope,
  retrieveResponse,
  soap11Envelope,
  type DemoDocument,
  type MtomAttachment,
  type RegistryErrorSpec,
} from "./responses";

/**
 * Each transaction on its own path: a path with an `iti39` segment serves ITI-39 Cross Gateway
 * Retrieve, one with `rad75` RAD-75, anything else ITI-38 (the demo seed's paths are
 * `xca/iti38/…`, `xca/iti39/…`, `xca-i/rad75/…`). The wrong transaction gets a WS-Addressing
 * ActionNotSupported fault, as a real gateway answers it.
 */
export function transactionForPath(pathname: string): XcaTransaction {
  const segments = pathname.toLowerCase().split("/");
  if (segments.includes("iti39")) return "iti39";
  if (segments.includes("rad75")) return "rad75";
  return "iti38";
}

/** The default path suffix of a transaction's address. */
export const TRANSACTION_PATHS: Record<XcaTransaction, string> = { iti38: "xca/iti38", iti39: "xca/iti39", rad75: "xca-i/rad75" };

/** What a retrieve of `requested` finds among `store`: the documents and an error per unknown one. */
function lookUp(requested: DocumentRef[], store: Map<string, DemoDocument>, home: string | null) {
  const found: Array<DemoDocument & { ref: DocumentRef; contentId: string }> = [];
  const errors: RegistryErrorSpec[] = [];
  requested.forEach((ref, i) => {
    const doc = store.get(ref.documentUniqueId);
    if (doc) found.push({ ...doc, ref: { ...ref, homeCommunityId: ref.homeCommunityId ?? home }, contentId: `doc-${i + 1}@duo-simulator` });
    else errors.push({ errorCode: "XDSDocumentUniqueIdError", codeContext: `Document ${ref.documentUniqueId} niet gevonden`, location: ref.documentUniqueId });
  });
  return { found, errors };
}

/** Scenarios served on the main listener, chosen by path. */
export const PATH_SCENARIOS = {
  ok: "Success; the demo patient has a CT study (KOS) and a report, others have no documents",
  empty: "Success without documents",
  partial: "PartialSuccess with a RegistryError (XDSUnavailableCommunity)",
  failure: "Failure with a RegistryError (XDSRegistryBusy)",
  "fault-sender": "SOAP Fault env:Sender (HTTP 400), as for a missing security header",
  "fault-receiver": "SOAP Fault env:Receiver (HTTP 500)",
  "needs-security": "like production: env:Sender fault unless a WS-Security header is present",
  slow: "Success after ?delay=ms (default 2500)",
  hang: "accepts the request and never answers",
  trickle: "sends the answer one byte every 100 ms",
  huge: "streams an endless body",
  entities: "XML with a billion-laughs DOCTYPE",
  "entities-error": "a billion-laughs DOCTYPE in an HTTP 500 answer (still unsafe_xml, not http_status)",
  xxe: "XML with an external entity",
  redirect: "302 to the cloud metadata address",
  "http-error": "HTTP 503 with an HTML page",
  "not-soap": "HTTP 200 with an HTML page",
  soap11: "a SOAP 1.1 envelope",
  "wsa-mismatch": "Success with a RelatesTo that is not ours",
  mtom: "Success as MTOM/XOP multipart/related",
  flaky: "mostly Success; every 10th request a Receiver fault, every 10th (offset 5) slow",
  "wrong-mime": "retrieves: Success, but the document comes with another mime type than announced",
} as const;
export type PathScenario = keyof typeof PATH_SCENARIOS;

/** Scenarios with their own listener. */
export const PORT_SCENARIOS = {
  expired: "server certificate expired",
  expiring: "server certificate expires within 30 days",
  "wrong-host": "server certificate for another host name",
  "wrong-ura": "server certificate with another institution's URA",
  untrusted: "server certificate from an unknown CA",
  tls12: "TLS 1.2 only (works, with a warning)",
  tls11: "TLS 1.1 only",
  "client-ca": "demands a client certificate from another CA",
  blackhole: "accepts TCP and never speaks",
  refused: "a closed port",
  http: "plain HTTP (dev allow-list only)",
} as const;
export type PortScenario = keyof typeof PORT_SCENARIOS;
export type Scenario = PathScenario | PortScenario;

export const ALL_SCENARIOS = [...Object.keys(PATH_SCENARIOS), ...Object.keys(PORT_SCENARIOS)] as Scenario[];

export interface StartSimulatorOptions {
  /** Main listener port; port scenarios take the following ports in a fixed order. 0/undefined = random. */
  port?: number;
  host?: string;
  /** Which port scenarios to start (default: all). Path scenarios are always there. */
  scenarios?: Scenario[];
  /** Where the PKI lives; default a reusable cache dir. `fresh: true` generates into pkiDir anew. */
  pkiDir?: string;
  freshPki?: boolean;
  log?: (line: string) => void;
}

export interface Simulator {
  host: string;
  port: number;
  /** The port asked for (`options.port`) when every listener got the port it asked for; null with random ports. */
  basePort: number | null;
  ports: Partial<Record<PortScenario, number>>;
  /**
   * The URL of a scenario, optionally with a suffix path after the scenario segment and a query.
   * Without a path, the address of `transaction` (default ITI-38).
   * With `ura`: on that URA's listener (`serveUra` first): a path scenario on its good certificate,
   * `expired`/`expiring` on its expired/expiring one.
   */
  url(scenario: Scenario, opts?: { path?: string; query?: Record<string, string | number>; transaction?: XcaTransaction; ura?: string }): string;
  /**
   * Starts (once) a TLS listener whose server certificate carries `ura`, of `cert` kind (default
   * good), on `port` when that is free, else on a random one; resolves to the port.
   */
  serveUra(ura: string, opts?: { cert?: UraCertKind; port?: number; organisation?: string }): Promise<number>;
  pki: {
    dir: string;
    trustStore: string;
    clientCert: string;
    clientKey: string;
    serverUra: string;
    wrongUra: string;
  };
  /** CHECKER_* variables that make the checker trust and reach this simulator. */
  env: Record<string, string>;
  /** Makes every request whose path starts with `prefix` behave as `scenario` (null clears). */
  setOverride(prefix: string, scenario: PathScenario | null): void;
  requestCount(): number;
  close(): Promise<void>;
}

const PORT_ORDER: PortScenario[] = ["expired", "expiring", "wrong-host", "wrong-ura", "untrusted", "tls12", "tls11", "client-ca", "blackhole", "refused", "http"];
const CERT_FOR: Partial<Record<PortScenario, ServerCertKind>> = {
  expired: "expired",
  expiring: "expiring",
  "wrong-host": "wrongHost",
  "wrong-ura": "wrongUra",
  untrusted: "untrusted",
};
const MAX_REQUEST_BYTES = 1024 * 1024;

export async function startSimulator(options: StartSimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? (() => {});
  const pki: TestPki = options.freshPki && options.pkiDir ? await generateTestPki(options.pkiDir) : await loadOrCreateTestPki(options.pkiDir);
  const overrides = new Map<string, PathScenario>();
  const counters = new Map<string, number>();
  const openSockets = new Set<net.Socket>();
  const closers: Array<() => Promise<void>> = [];
  const timers = new Set<NodeJS.Timeout>();
  let requests = 0;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  };

  const track = (server: net.Server) => {
    server.on("connection", (s: net.Socket) => {
      openSockets.add(s);
      s.on("close", () => openSockets.delete(s));
      s.on("error", () => {});
    });
    closers.push(() => new Promise((r) => server.close(() => r())));
  };

  const listen = (server: net.Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.removeListener("error", reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests++;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) req.destroy();
      else chunks.push(c);
    });
    req.on("end", () => {
      try {
        respond(req, res, Buffer.concat(chunks).toString("utf8"));
      } catch (err) {
        log(`simulator error: ${(err as Error).message}`);
        if (!res.headersSent) res.writeHead(500).end();
      }
    });
  };

  function scenarioFor(pathname: string): PathScenario {
    for (const [prefix, scenario] of overrides) if (pathname.startsWith(prefix)) return scenario;
    const first = pathname.split("/").filter(Boolean)[0] ?? "ok";
    return first in PATH_SCENARIOS ? (first as PathScenario) : "ok";
  }

  /** A SOAP answer; with attachments as MTOM/XOP (retrieves always are). */
  type Reply = { xml: string; attachments?: MtomAttachment[] };
  function sendSoapAs(responseAction: string, res: http.ServerResponse, status: number, reply: string | Reply) {
    const r = typeof reply === "string" ? { xml: reply } : reply;
    if (r.attachments) {
      const m = mtomMessage(r.xml, undefined, { attachments: r.attachments, action: responseAction });
      res.writeHead(status, { "Content-Type": m.contentType, "Content-Length": m.body.length });
      return void res.end(m.body);
    }
    const body = Buffer.from(r.xml, "utf8");
    res.writeHead(status, { "Content-Type": soapContentType(responseAction), "Content-Length": body.length });
    res.end(body);
  }

  function respond(req: http.IncomingMessage, res: http.ServerResponse, text: string) {
    const url = new URL(req.url ?? "/", "https://simulator.invalid");
    if (url.pathname === "/_sim/override" && req.method === "POST") {
      const { prefix, scenario } = JSON.parse(text || "{}") as { prefix?: string; scenario?: string | null };
      if (!prefix || (scenario != null && !(scenario in PATH_SCENARIOS))) return res.writeHead(400).end("prefix and a known scenario (or null) required\n");
      if (scenario == null) overrides.delete(prefix);
      else overrides.set(prefix, scenario as PathScenario);
      return res.writeHead(204).end();
    }
    const scenario = scenarioFor(url.pathname);
    const served = transactionForPath(url.pathname);
    const info = TRANSACTION_INFO[served];
    const responseAction = info.responseAction;
    const sendSoap = (res: http.ServerResponse, status: number, reply: string | Reply) => sendSoapAs(responseAction, res, status, reply);
    log(`${req.method} ${url.pathname} -> ${scenario} (${info.label})`);
    const parsed = parseXcaRequest(text);
    if (!parsed.ok) {
      return sendSoap(res, 400, faultEnvelope({ code: "Sender", reason: `Ongeldig verzoek: ${parsed.detail}`, relatesTo: null }));
    }
    const r = parsed.request;
    if (r.action !== info.action) {
      const asked = transactionOfAction(r.action);
      const what = asked ? `${TRANSACTION_INFO[asked].label} (${r.action})` : (r.action ?? "(geen)");
      return sendSoap(res, 400, faultEnvelope({ code: "Sender", subcode: "wsa:ActionNotSupported", reason: `Actie niet ondersteund op dit adres (${info.label}): ${what}`, relatesTo: r.messageId }));
    }
    const relatesTo = r.messageId;
    const wrap = (body: string) => queryResponseEnvelope(relatesTo, body, info.responseAction);
    /** A retrieve answer: the known documents as MTOM parts, an XDSDocumentUniqueIdError per unknown one. */
    const retrieveReply = (opts: { force?: "PartialSuccess"; mimeType?: string; extraErrors?: RegistryErrorSpec[]; withDocuments?: boolean } = {}): Reply => {
      const { found, errors } =
        served === "iti39" ? lookUp(r.documents, demoDocuments(), null) : lookUp(r.instances, demoInstances(), null);
      const docs = opts.withDocuments === false ? [] : found;
      const allErrors = [...errors, ...(opts.extraErrors ?? [])];
      const status = docs.length === 0 ? "Failure" : opts.force === "PartialSuccess" || allErrors.length > 0 ? "PartialSuccess" : "Success";
      const xml = wrap(
        retrieveResponse({
          status: opts.withDocuments === false ? "Success" : status,
          errors: opts.withDocuments === false ? [] : allErrors,
          documents: docs.map((d) => ({ homeCommunityId: d.ref.homeCommunityId, repositoryUniqueId: d.ref.repositoryUniqueId, uniqueId: d.uniqueId, mimeType: opts.mimeType ?? d.mimeType, contentId: d.contentId })),
        }),
      );
      return docs.length > 0 ? { xml, attachments: docs.map((d) => ({ contentId: d.contentId, contentType: d.mimeType, bytes: d.bytes })) } : { xml };
    };
    const success = (): Reply => {
      if (served !== "iti38") return retrieveReply();
      let cx: string | null = null;
      try {
        cx = r.patientId ? toPatientCx(r.patientId) : null;
      } catch {
        cx = null;
      }
      const known = cx?.startsWith(`${DEMO_TEST_PATIENTS.withImages}^`);
      return { xml: wrap(adhocQueryResponse({ status: "Success", objects: known && cx ? demoDocumentEntries(cx) : "" })) };
    };
    const registryFailure = (errors: RegistryErrorSpec[]): string =>
      wrap(served === "iti38" ? adhocQueryResponse({ status: "Failure", errors }) : retrieveResponse({ status: "Failure", errors }));

    const counterKey = url.pathname;
    const n = (counters.get(counterKey) ?? 0) + 1;
    counters.set(counterKey, n);

    switch (scenario) {
      case "ok":
        return sendSoap(res, 200, success());
      case "empty":
        if (served !== "iti38") return sendSoap(res, 200, retrieveReply({ withDocuments: false }));
        return sendSoap(res, 200, wrap(adhocQueryResponse({ status: "Success" })));
      case "partial": {
        const unavailable: RegistryErrorSpec = { errorCode: "XDSUnavailableCommunity", codeContext: "Bron PACS-2 antwoordde niet", severity: "Warning", location: "urn:oid:2.16.528.1.1007.3.3.87654321.2" };
        if (served !== "iti38") return sendSoap(res, 200, retrieveReply({ force: "PartialSuccess", extraErrors: [unavailable] }));
        return sendSoap(
          res,
          200,
          wrap(
            adhocQueryResponse({
              status: "PartialSuccess",
              objects: r.patientId ? demoDocumentEntries(toPatientCxSafe(r.patientId)) : "",
              errors: [unavailable],
            }),
          ),
        );
      }
      case "failure":
        return sendSoap(res, 200, registryFailure([{ errorCode: served === "iti38" ? "XDSRegistryBusy" : "XDSRepositoryBusy", codeContext: "Register tijdelijk niet beschikbaar" }]));
      case "wrong-mime":
        if (served !== "iti38") return sendSoap(res, 200, retrieveReply({ mimeType: "text/plain" }));
        return sendSoap(res, 200, success());
      case "fault-sender":
        return sendSoap(res, 400, faultEnvelope({ code: "Sender", subcode: "wsse:InvalidSecurity", reason: "WS-Security header ontbreekt", relatesTo }));
      case "fault-receiver":
        return sendSoap(res, 500, faultEnvelope({ code: "Receiver", reason: "Interne fout: achterliggend register niet bereikbaar", relatesTo }));
      case "needs-security":
        if (!r.hasSecurityHeader) {
          return sendSoap(res, 400, faultEnvelope({ code: "Sender", subcode: "wsse:InvalidSecurity", reason: "WS-Security header ontbreekt", relatesTo }));
        }
        return sendSoap(res, 200, success());
      case "slow": {
        const delay = Math.min(60_000, Math.max(0, Number(url.searchParams.get("delay") ?? 2500) || 0));
        later(delay, () => {
          if (!res.destroyed) sendSoap(res, 200, success());
        });
        return;
      }
      case "hang":
        return; // keep the socket open, say nothing
      case "trickle": {
        const body = Buffer.from(success().xml, "utf8");
        res.writeHead(200, { "Content-Type": soapContentType(responseAction), "Content-Length": body.length });
        let i = 0;
        const tick = () => {
          if (res.destroyed || i >= body.length) return void (i >= body.length && res.end());
          res.write(body.subarray(i, i + 1));
          i++;
          later(100, tick);
        };
        tick();
        return;
      }
      case "huge": {
        res.writeHead(200, { "Content-Type": soapContentType(responseAction) });
        const chunk = Buffer.alloc(64 * 1024, "<x>padding</x>");
        res.write(`<?xml version="1.0"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>`);
        let sent = 0;
        const pump = () => {
          // Bounded on our side too: stop after 64 MB even if nobody hangs up.
          while (!res.destroyed && sent < 64 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          if (!res.destroyed) res.end("</env:Body></env:Envelope>");
        };
        pump();
        return;
      }
      case "entities":
        return sendSoap(res, 200, billionLaughs());
      case "entities-error":
        return sendSoap(res, 500, billionLaughs());
      case "xxe":
        return sendSoap(res, 200, externalEntity());
      case "redirect":
        res.writeHead(302, { Location: "http://169.254.169.254/latest/meta-data/", "Content-Length": 0 });
        return res.end();
      case "http-error": {
        const html = "<html><body><h1>503 Service Unavailable</h1></body></html>";
        res.writeHead(503, { "Content-Type": "text/html", "Content-Length": Buffer.byteLength(html) });
        return res.end(html);
      }
      case "not-soap": {
        const html = "<!doctype html><html><body><h1>Welkom</h1></body></html>";
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html) });
        return res.end(html);
      }
      case "soap11": {
        const xml = soap11Envelope();
        res.writeHead(200, { "Content-Type": "text/xml; charset=utf-8", "Content-Length": Buffer.byteLength(xml) });
        return res.end(xml);
      }
      case "wsa-mismatch":
        return sendSoap(res, 200, queryResponseEnvelope("urn:uuid:00000000-0000-4000-8000-000000000000", adhocQueryResponse({ status: "Success" }), info.responseAction));
      case "mtom": {
        const reply = success();
        if (reply.attachments) return sendSoap(res, 200, reply);
        const m = mtomMessage(reply.xml, undefined, { action: responseAction });
        res.writeHead(200, { "Content-Type": m.contentType, "Content-Length": m.body.length });
        return res.end(m.body);
      }
      case "flaky": {
        if (n % 10 === 0) return sendSoap(res, 500, faultEnvelope({ code: "Receiver", reason: "Tijdelijke storing", relatesTo }));
        if (n % 10 === 5) {
          later(2500, () => {
            if (!res.destroyed) sendSoap(res, 200, success());
          });
          return;
        }
        return sendSoap(res, 200, success());
      }
    }
  }

  const mtls = { requestCert: true, rejectUnauthorized: true, ca: [pki.rootPem] };
  const tlsServer = (kind: ServerCertKind, extra: tls.TlsOptions = {}) => {
    const s = https.createServer({ cert: pki.servers[kind].cert, key: pki.servers[kind].key, minVersion: "TLSv1.2", ...mtls, ...extra }, handler);
    s.on("tlsClientError", () => {});
    s.keepAliveTimeout = 1000;
    return s;
  };

  // Main listener: the path scenarios.
  const main = tlsServer("good");
  track(main);
  const uraListeners = new Map<string, Promise<number>>();
  const uraPorts = new Map<string, number>();
  const uraKey = (ura: string, kind: UraCertKind) => `${ura}|${kind}`;
  const port = await listen(main, options.port ?? 0);

  const wanted = new Set<Scenario>(options.scenarios ?? ALL_SCENARIOS);
  const ports: Simulator["ports"] = {};
  let offset = 0;
  for (const scenario of PORT_ORDER) {
    offset++;
    if (!wanted.has(scenario)) continue;
    const p = options.port ? options.port + offset : 0;
    if (scenario === "refused") {
      // Bind and release: nothing listens there afterwards.
      const probe = net.createServer();
      const got = await listen(probe, p);
      await new Promise<void>((r) => probe.close(() => r()));
      ports.refused = got;
      continue;
    }
    let server: net.Server;
    if (scenario === "blackhole") {
      server = net.createServer((s) => s.on("error", () => {}));
    } else if (scenario === "http") {
      server = http.createServer(handler);
    } else if (scenario === "tls12") {
      server = tlsServer("good", { maxVersion: "TLSv1.2" });
    } else if (scenario === "tls11") {
      // OpenSSL 3 only negotiates TLS 1.1 at security level 0.
      server = tlsServer("good", { minVersion: "TLSv1", maxVersion: "TLSv1.1", ciphers: "DEFAULT:@SECLEVEL=0" });
    } else if (scenario === "client-ca") {
      server = tlsServer("good", { ca: [pki.otherRootPem] });
    } else {
      server = tlsServer(CERT_FOR[scenario]!);
    }
    track(server);
    ports[scenario] = await listen(server, p);
  }

  const urlHost = net.isIPv6(host) ? `[${host}]` : host;
  const sim: Simulator = {
    host,
    port,
    ports,
    basePort: options.port ? options.port : null,
    url(scenario, opts = {}) {
      let p: number | undefined;
      if (opts.ura !== undefined) {
        const kind: UraCertKind | null = scenario === "expired" || scenario === "expiring" ? scenario : scenario in PATH_SCENARIOS ? "good" : null;
        if (!kind) throw new Error(`Scenario ${scenario} has no per-URA listener`);
        p = uraPorts.get(uraKey(opts.ura, kind));
        if (p === undefined) throw new Error(`No listener for URA ${opts.ura} (${kind}): call serveUra first`);
      } else {
        p = scenario in PORT_SCENARIOS ? ports[scenario as PortScenario] : port;
      }
      if (p === undefined) throw new Error(`Scenario ${scenario} was not started`);
      const scheme = scenario === "http" ? "http" : "https";
      const suffix = opts.path ? `/${opts.path.replace(/^\//, "")}` : `/${TRANSACTION_PATHS[opts.transaction ?? "iti38"]}`;
      const q = opts.query ? `?${new URLSearchParams(Object.entries(opts.query).map(([k, v]) => [k, String(v)]))}` : "";
      return `${scheme}://${urlHost}:${p}/${scenario}${suffix}${q}`;
    },
    pki: {
      dir: pki.dir,
      trustStore: pki.files.trustStore,
      clientCert: pki.files.clientCert,
      clientKey: pki.files.clientKey,
      serverUra: pki.uras.server,
      wrongUra: pki.uras.wrong,
    },
    env: {
      CHECKER_TRUST_STORE: pki.files.trustStore,
      CHECKER_CLIENT_CERT: pki.files.clientCert,
      CHECKER_CLIENT_KEY: pki.files.clientKey,
      CHECKER_ALLOW_TARGETS: net.isIPv6(host) ? `${host}/128` : `${host}/32`,
      CHECKER_TEST_PATIENT: DEMO_TEST_PATIENTS.withImages,
    },
    serveUra(ura, opts = {}) {
      const kind = opts.cert ?? "good";
      const key = uraKey(ura, kind);
      let started = uraListeners.get(key);
      if (!started) {
        started = (async () => {
          const { cert, key: privateKey } = await uraServerCert(pki, ura, kind, opts.organisation);
          const bind = async (p: number) => {
            const server = https.createServer({ cert, key: privateKey, minVersion: "TLSv1.2", ...mtls }, handler);
            server.on("tlsClientError", () => {});
            server.keepAliveTimeout = 1000;
            const got = await listen(server, p);
            track(server);
            return got;
          };
          // A taken port (another simulator, another program) falls back to a random one.
          const got = await bind(opts.port ?? 0).catch((err: NodeJS.ErrnoException) => {
            if (opts.port && (err.code === "EADDRINUSE" || err.code === "EACCES")) return bind(0);
            throw err;
          });
          uraPorts.set(key, got);
          return got;
        })();
        uraListeners.set(key, started);
        started.catch(() => uraListeners.delete(key));
      }
      return started;
    },
    setOverride(prefix, scenario) {
      if (scenario === null) overrides.delete(prefix);
      else overrides.set(prefix, scenario);
    },
    requestCount: () => requests,
    async close() {
      await Promise.allSettled(uraListeners.values());
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of openSockets) s.destroy();
      await Promise.all(closers.map((c) => c()));
    },
  };
  return sim;
}

function toPatientCxSafe(patient: string): string {
  try {
    return toPatientCx(patient);
  } catch {
    return patient;
  }
}
