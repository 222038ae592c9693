/**
 * Facts from a server certificate: names, validity, fingerprint and the URA from the UZI
 * subjectAltName otherName (OID 2.5.5.5). Node's X509Certificate prints otherName as
 * "<unsupported>", so the SAN is decoded with @peculiar/asn1-x509.
 */
import { X509Certificate } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate, SubjectAlternativeName, id_ce_subjectAltName } from "@peculiar/asn1-x509";
import * as asn1js from "asn1js";
import type { CertificateFacts } from "./classify";

export const UZI_OTHER_NAME_OID = "2.5.5.5";

export interface UziOtherName {
  raw: string;
  /** "2.16.528.1.1003.1.3.5.5.2" for UZI server certificates. */
  oid: string;
  version: string;
  uziNumber: string;
  /** "S" marks a server certificate. */
  cardType: string;
  ura: string;
  roleCode: string;
  agb: string | null;
}

/**
 * Splits `2.16.528.1.1003.1.3.5.5.2-1-<UZI>-S-<URA>-00.000-<AGB>`; the URA is the fifth
 * dash-separated field. Returns null for anything else.
 */
export function parseUziOtherName(value: string): UziOtherName | null {
  const fields = value.trim().split("-");
  if (fields.length < 5) return null;
  const [oid, version, uziNumber, cardType, ura, roleCode = "", agb] = fields;
  if (!/^\d+(\.\d+)+$/.test(oid) || !/^\d{8}$/.test(ura)) return null;
  return { raw: value, oid, version, uziNumber, cardType, ura, roleCode, agb: agb && agb !== "" ? agb : null };
}

/** All otherName values with the given OID, decoded as strings. */
export function readOtherNames(der: Uint8Array, oid = UZI_OTHER_NAME_OID): string[] {
  const cert = AsnConvert.parse(der, Certificate);
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_subjectAltName);
  if (!ext) return [];
  const san = AsnConvert.parse(ext.extnValue.buffer, SubjectAlternativeName);
  const out: string[] = [];
  for (const name of san) {
    if (!name.otherName || name.otherName.typeId !== oid) continue;
    const parsed = asn1js.fromBER(name.otherName.value);
    if (parsed.offset === -1) continue;
    const block = parsed.result as unknown as { valueBlock?: { value?: unknown } };
    const value = block.valueBlock?.value;
    // IA5String in the UZI profile; tolerate other string types that some issuers used.
    if (typeof value === "string") out.push(value);
  }
  return out;
}

/** The URA inside a UZI server certificate, or null when it has none (or it is unreadable). */
export function readUra(der: Uint8Array): string | null {
  try {
    for (const v of readOtherNames(der)) {
      const parsed = parseUziOtherName(v);
      if (parsed) return parsed.ura;
    }
  } catch {
    /* a malformed SAN simply means: no URA we can trust */
  }
  return null;
}

const oneLine = (dn: string) => dn.split("\n").filter(Boolean).join(", ");

export function readCertificateFacts(der: Uint8Array): CertificateFacts {
  const x = new X509Certificate(der);
  return {
    subject: oneLine(x.subject),
    issuer: oneLine(x.issuer),
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: new Date(x.validTo).toISOString(),
    fingerprint: x.fingerprint256,
    ura: readUra(der),
  };
}
