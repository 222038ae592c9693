/**
 * A throw-away test PKI for the XCA gateway simulator, shaped like the PKIoverheid private
 * hierarchy: root -> intermediate -> UZI-style server certificates with the URA in the
 * subjectAltName otherName 2.5.5.5, plus a client certificate for the checker and a second,
 * unrelated CA for the "untrusted" and "client cert from another CA" cases.
 *
 * Generated with @peculiar/x509 on WebCrypto (ECDSA P-256: fast, no openssl binary needed).
 * Written to a directory that is reused while fresh; writes go to a temp dir that is then
 * renamed, so two processes never see half a PKI.
 *
 * Besides the fixed certificates, `uraServerCert` issues, on demand, a server certificate for
 * any URA (good, expired or expiring) from the same intermediate, so the demo's gateways each
 * carry their own institution's URA. Those are kept in `<dir>/ura/` and reused, so a restart
 * serves the same certificate (same fingerprint) until the PKI itself is renewed.
 */
import "reflect-metadata";
import { env } from "@/lib/env";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { webcrypto } from "node:crypto";
import os from "node:os";
import path from "node:path";
import * as x509 from "@peculiar/x509";
import { AsnConvert } from "@peculiar/asn1-schema";
import { GeneralName, OtherName, SubjectAlternativeName } from "@peculiar/asn1-x509";
import * as asn1js from "asn1js";
import { UZI_OTHER_NAME_OID } from "../certificate";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY = 86_400_000;
/** 3: the intermediate's key is kept too (per-URA certificates are issued after generation). */
const PKI_VERSION = 3;
/** The "expiring" certificate starts with this many days left; the PKI is regenerated before it drifts far. */
const EXPIRING_DAYS = 20;
const MAX_AGE_MS = 3 * DAY;

export const SIMULATOR_URAS = {
  server: "87654321",
  wrong: "11223344",
  client: "99000099",
} as const;

export const SERVER_CERT_KINDS = ["good", "expired", "expiring", "wrongHost", "wrongUra", "untrusted"] as const;
export type ServerCertKind = (typeof SERVER_CERT_KINDS)[number];
/** The kinds `uraServerCert` issues for a URA of one's choice. */
export const URA_CERT_KINDS = ["good", "expired", "expiring"] as const;
export type UraCertKind = (typeof URA_CERT_KINDS)[number];

export interface TestPki {
  dir: string;
  /** Paths for CHECKER_* variables. */
  files: { trustStore: string; clientCert: string; clientKey: string };
  /** PEM texts. `servers[kind].cert` includes the issuing intermediate. */
  rootPem: string;
  intermediatePem: string;
  /** The intermediate CA's private key (PKCS#8): issues the per-URA server certificates. */
  intermediateKeyPem: string;
  otherRootPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  servers: Record<ServerCertKind, { cert: string; key: string }>;
  uras: typeof SIMULATOR_URAS;
  generatedAt: string;
}

export function uziOtherNameValue(ura: string, uziNumber = "90000123", agb = "00000000"): string {
  return `2.16.528.1.1003.1.3.5.5.2-1-${uziNumber}-S-${ura}-00.000-${agb}`;
}

function sanExtension(opts: { dns?: string[]; ips?: string[]; ura?: string }): x509.Extension {
  const names: GeneralName[] = [];
  for (const d of opts.dns ?? []) names.push(new GeneralName({ dNSName: d }));
  for (const ip of opts.ips ?? []) names.push(new GeneralName({ iPAddress: ip }));
  if (opts.ura) {
    const value = new asn1js.IA5String({ value: uziOtherNameValue(opts.ura) }).toBER();
    names.push(new GeneralName({ otherName: new OtherName({ typeId: UZI_OTHER_NAME_OID, value }) }));
  }
  return new x509.Extension("2.5.29.17", false, AsnConvert.serialize(new SubjectAlternativeName(names)));
}

async function newKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as CryptoKeyPair;
}

async function keyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString("base64").match(/.{1,64}/g)!.join("\n")}\n-----END PRIVATE KEY-----\n`;
}

let serial = 1;
const nextSerial = () => (Date.now().toString(16) + (serial++).toString(16).padStart(4, "0")).padStart(16, "0").slice(-16).replace(/^0/, "1");

async function makeCa(name: string, keys: CryptoKeyPair, issuer?: { cert: x509.X509Certificate; keys: CryptoKeyPair }, now = new Date()) {
  const exts: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, issuer ? 0 : 1, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (issuer) exts.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey));
  return x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: name,
    issuer: issuer ? issuer.cert.subject : name,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + (issuer ? 5 : 10) * 365 * DAY),
    signingKey: (issuer?.keys ?? keys).privateKey,
    publicKey: keys.publicKey,
    signingAlgorithm: ALG,
    extensions: exts,
  });
}

async function makeLeaf(opts: {
  subject: string;
  issuer: { cert: x509.X509Certificate; keys: CryptoKeyPair };
  keys: CryptoKeyPair;
  notBefore: Date;
  notAfter: Date;
  san: x509.Extension;
  usage: "server" | "client";
}) {
  return x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: opts.subject,
    issuer: opts.issuer.cert.subject,
    notBefore: opts.notBefore,
    notAfter: opts.notAfter,
    signingKey: opts.issuer.keys.privateKey,
    publicKey: opts.keys.publicKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension(
        opts.usage === "server" ? [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth] : [x509.ExtendedKeyUsage.clientAuth],
      ),
      opts.san,
      await x509.AuthorityKeyIdentifierExtension.create(opts.issuer.keys.publicKey),
    ],
  });
}

/** Validity of a server certificate of `kind`, counted from the PKI's generation time. */
function serverValidity(kind: UraCertKind, now: Date): { notBefore: Date; notAfter: Date } {
  const t = now.getTime();
  if (kind === "expired") return { notBefore: new Date(t - 400 * DAY), notAfter: new Date(t - 2 * DAY) };
  return { notBefore: new Date(t - DAY), notAfter: new Date(t + (kind === "expiring" ? EXPIRING_DAYS : 365) * DAY) };
}

const SERVER_SAN = { dns: ["localhost"], ips: ["127.0.0.1", "::1"] };
const SUBJECT_SUFFIX: Record<UraCertKind, string> = { good: "", expired: " (verlopen)", expiring: " (verloopt)" };
const serverSubject = (organisation: string, kind: UraCertKind = "good") => `CN=localhost, O=${organisation.replace(/[,+="\\<>;#]/g, " ").trim()}${SUBJECT_SUFFIX[kind]}, C=NL`;

/** Generates a fresh PKI into `dir` (which must not exist yet or is overwritten). */
export async function generateTestPki(dir: string, now = new Date()): Promise<TestPki> {
  const rootKeys = await newKeys();
  const root = await makeCa("CN=DUO Test Private Root CA - G1, O=DUO Simulator, C=NL", rootKeys, undefined, now);
  const interKeys = await newKeys();
  const inter = await makeCa("CN=DUO Test UZI-register Private Server CA G1, O=DUO Simulator, C=NL", interKeys, { cert: root, keys: rootKeys }, now);
  const otherKeys = await newKeys();
  const other = await makeCa("CN=Andere Test Root CA, O=Onbekende Partij, C=NL", otherKeys, undefined, now);

  const serverKeys = await newKeys();
  const serverKeyPem = await keyPem(serverKeys.privateKey);
  const interIssuer = { cert: inter, keys: interKeys };
  const validFrom = new Date(now.getTime() - DAY);
  const year = serverValidity("good", now);
  const own = (kind: UraCertKind) => ({ subject: serverSubject("Demo Ziekenhuis Gateway", kind), issuer: interIssuer, keys: serverKeys, ...serverValidity(kind, now), san: sanExtension({ ...SERVER_SAN, ura: SIMULATOR_URAS.server }), usage: "server" as const });
  const specs: Record<ServerCertKind, Parameters<typeof makeLeaf>[0]> = {
    good: own("good"),
    expired: own("expired"),
    expiring: own("expiring"),
    wrongHost: { subject: "CN=gateway.andere-instelling.example, O=Andere Instelling, C=NL", issuer: interIssuer, keys: serverKeys, ...year, san: sanExtension({ dns: ["gateway.andere-instelling.example"], ura: SIMULATOR_URAS.server }), usage: "server" },
    wrongUra: { subject: serverSubject("Andere Instelling Gateway"), issuer: interIssuer, keys: serverKeys, ...year, san: sanExtension({ ...SERVER_SAN, ura: SIMULATOR_URAS.wrong }), usage: "server" },
    untrusted: { subject: serverSubject("Onbekende Partij"), issuer: { cert: other, keys: otherKeys }, keys: serverKeys, ...year, san: sanExtension({ ...SERVER_SAN, ura: SIMULATOR_URAS.server }), usage: "server" },
  };
  const servers = {} as TestPki["servers"];
  for (const kind of SERVER_CERT_KINDS) {
    const leaf = await makeLeaf(specs[kind]);
    const issuerPem = kind === "untrusted" ? other.toString("pem") : inter.toString("pem");
    servers[kind] = { cert: `${leaf.toString("pem")}\n${issuerPem}\n`, key: serverKeyPem };
  }

  const clientKeys = await newKeys();
  const client = await makeLeaf({
    subject: "CN=DUO portal connectiviteitscontrole, O=DUO Programmabureau, C=NL",
    issuer: interIssuer,
    keys: clientKeys,
    notBefore: validFrom,
    notAfter: new Date(now.getTime() + 365 * DAY),
    san: sanExtension({ dns: ["checker.duo.example"], ura: SIMULATOR_URAS.client }),
    usage: "client",
  });

  const pki: Omit<TestPki, "dir" | "files"> = {
    rootPem: root.toString("pem") + "\n",
    intermediatePem: inter.toString("pem") + "\n",
    intermediateKeyPem: await keyPem(interKeys.privateKey),
    otherRootPem: other.toString("pem") + "\n",
    clientCertPem: `${client.toString("pem")}\n${inter.toString("pem")}\n`,
    clientKeyPem: await keyPem(clientKeys.privateKey),
    servers,
    uras: SIMULATOR_URAS,
    generatedAt: now.toISOString(),
  };

  mkdirSync(dir, { recursive: true });
  const w = (name: string, text: string) => writeFileSync(path.join(dir, name), text, { mode: 0o600 });
  w("trust-store.pem", pki.rootPem);
  w("intermediate.pem", pki.intermediatePem);
  w("intermediate-key.pem", pki.intermediateKeyPem);
  w("other-root.pem", pki.otherRootPem);
  w("client-cert.pem", pki.clientCertPem);
  w("client-key.pem", pki.clientKeyPem);
  for (const kind of SERVER_CERT_KINDS) {
    w(`server-${kind}-cert.pem`, servers[kind].cert);
    w(`server-${kind}-key.pem`, servers[kind].key);
  }
  w("manifest.json", JSON.stringify({ version: PKI_VERSION, generatedAt: pki.generatedAt }, null, 2));
  return { ...pki, dir, files: filesIn(dir) };
}

function filesIn(dir: string): TestPki["files"] {
  return {
    trustStore: path.join(dir, "trust-store.pem"),
    clientCert: path.join(dir, "client-cert.pem"),
    clientKey: path.join(dir, "client-key.pem"),
  };
}

function readPki(dir: string, now: Date): TestPki | null {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as { version: number; generatedAt: string };
    if (manifest.version !== PKI_VERSION) return null;
    if (now.getTime() - Date.parse(manifest.generatedAt) > MAX_AGE_MS) return null;
    const r = (name: string) => readFileSync(path.join(dir, name), "utf8");
    const servers = {} as TestPki["servers"];
    for (const kind of SERVER_CERT_KINDS) servers[kind] = { cert: r(`server-${kind}-cert.pem`), key: r(`server-${kind}-key.pem`) };
    return {
      dir,
      files: filesIn(dir),
      rootPem: r("trust-store.pem"),
      intermediatePem: r("intermediate.pem"),
      intermediateKeyPem: r("intermediate-key.pem"),
      otherRootPem: r("other-root.pem"),
      clientCertPem: r("client-cert.pem"),
      clientKeyPem: r("client-key.pem"),
      servers,
      uras: SIMULATOR_URAS,
      generatedAt: manifest.generatedAt,
    };
  } catch {
    return null;
  }
}

export const DEFAULT_PKI_DIR = path.join(os.tmpdir(), "duo-xca-simulator-pki");

/** Reuses the PKI in `dir` while it is fresh (< 3 days), else generates a new one. */
export async function loadOrCreateTestPki(dir = env().CHECKER_SIMULATOR_PKI_DIR ?? DEFAULT_PKI_DIR, now = new Date()): Promise<TestPki> {
  const existing = readPki(dir, now);
  if (existing) return existing;
  const staging = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await generateTestPki(staging, now);
  if (existsSync(dir)) {
    const trash = `${dir}.old-${process.pid}-${Math.random().toString(36).slice(2)}`;
    try {
      renameSync(dir, trash);
      rmSync(trash, { recursive: true, force: true });
    } catch {
      /* another process replaced it first */
    }
  }
  try {
    renameSync(staging, dir);
  } catch {
    // Lost the race: someone else's fresh PKI is in place; use theirs.
    rmSync(staging, { recursive: true, force: true });
  }
  const result = readPki(dir, now);
  if (!result) throw new Error(`Could not prepare the simulator PKI in ${dir}`);
  return result;
}

function pemBody(pem: string, label: string): Buffer {
  const m = new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`).exec(pem);
  if (!m) throw new Error(`no ${label} in PEM text`);
  return Buffer.from(m[1].replace(/\s+/g, ""), "base64");
}

type Issuer = { cert: x509.X509Certificate; keys: CryptoKeyPair; serverKeys: CryptoKeyPair };
const issuers = new WeakMap<TestPki, Promise<Issuer>>();

/** The intermediate CA and the shared server key pair of `pki`, as WebCrypto keys (once per PKI). */
function issuerOf(pki: TestPki): Promise<Issuer> {
  let hit = issuers.get(pki);
  if (!hit) {
    hit = (async () => {
      const cert = new x509.X509Certificate(pki.intermediatePem);
      const good = new x509.X509Certificate(pki.servers.good.cert);
      const importPrivate = (pem: string) => webcrypto.subtle.importKey("pkcs8", pemBody(pem, "PRIVATE KEY"), ALG, true, ["sign"]) as Promise<CryptoKey>;
      return {
        cert,
        keys: { privateKey: await importPrivate(pki.intermediateKeyPem), publicKey: await cert.publicKey.export() },
        serverKeys: { privateKey: await importPrivate(pki.servers.good.key), publicKey: await good.publicKey.export() },
      };
    })();
    issuers.set(pki, hit);
  }
  return hit;
}

/**
 * A server certificate (chain with the intermediate, and its key) for `ura`: the same host names
 * as the "good" one, issued by the simulator's intermediate, valid as `kind` says counted from
 * the PKI's generation. Issued once and kept in `<dir>/ura/<ura>-<kind>.pem`; `organisation`
 * only names the subject when it is first issued.
 */
export async function uraServerCert(pki: TestPki, ura: string, kind: UraCertKind = "good", organisation = "Demo Zorginstelling Gateway"): Promise<{ cert: string; key: string }> {
  if (!/^\d{8}$/.test(ura)) throw new Error(`A URA has 8 digits: ${JSON.stringify(ura)}`);
  const file = path.join(pki.dir, "ura", `${ura}-${kind}.pem`);
  try {
    return { cert: readFileSync(file, "utf8"), key: pki.servers.good.key };
  } catch {
    /* not issued yet */
  }
  const issuer = await issuerOf(pki);
  const leaf = await makeLeaf({
    subject: serverSubject(organisation, kind),
    issuer,
    keys: issuer.serverKeys,
    ...serverValidity(kind, new Date(pki.generatedAt)),
    san: sanExtension({ ...SERVER_SAN, ura }),
    usage: "server",
  });
  const cert = `${leaf.toString("pem")}\n${pki.intermediatePem}`;
  mkdirSync(path.dirname(file), { recursive: true });
  // Another process may issue the same one at the same time: each writes its own file and renames.
  const staging = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeFileSync(staging, cert, { mode: 0o600 });
  renameSync(staging, file);
  return { cert: readFileSync(file, "utf8"), key: pki.servers.good.key };
}
