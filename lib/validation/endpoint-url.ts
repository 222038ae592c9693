/**
 * Validation of a gateway endpoint URL for the DUO network registry (issue 5, item 1).
 *
 * This is the registry's first line of defence; the checker vets resolved addresses again
 * before every probe (DNS can point anywhere), so here we only judge what the text itself
 * says: scheme, credentials, fragment, length, and hosts that are literal internal addresses.
 *
 * A refusal is a code and a message key with its values ("checks.url.*" in messages/*.json).
 * Pure and browser-safe (ipaddr.js, no node:net), so the form and the server action share it.
 */
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { encodeMessage, issue } from "./messages";

export const ENDPOINT_URL_MAX_LENGTH = 2048;
/** DNS limits (RFC 1035); the WHATWG parser does not enforce them. */
const HOST_MAX_LENGTH = 253;
const LABEL_MAX_LENGTH = 63;

export type EndpointEnvironment = "acceptance" | "production";

export type EndpointUrlCode =
  | "required"
  | "too_long"
  | "whitespace"
  | "invalid_url"
  | "scheme_not_allowed"
  | "http_not_allowed"
  | "credentials"
  | "fragment"
  | "invalid_port"
  | "host_too_long"
  | "localhost"
  | "internal_host"
  | "loopback"
  | "private_address"
  | "link_local"
  | "cgnat"
  | "metadata"
  | "special_address";

export type EndpointUrlResult =
  | { ok: true; url: string; host: string }
  | { ok: false; code: EndpointUrlCode; key: string; params?: Record<string, string> };

export type EndpointUrlOptions = {
  /** Production endpoints may not name internal addresses; acceptance endpoints may. Default: production. */
  environment?: EndpointEnvironment;
  /**
   * Hosts that may use plain `http://` (development only, e.g. ["localhost", "127.0.0.1"]).
   * An entry matches the hostname, or host:port when it contains a port; IPv6 with brackets.
   */
  httpAllowedHosts?: readonly string[];
  /**
   * Exceptions to the internal-address rule for production (the demo's loopback simulator):
   * CIDRs ("127.0.0.0/8", "::1/128") or hostnames ("localhost"). Mirrors CHECKER_ALLOW_TARGETS.
   */
  allowedInternalTargets?: readonly string[];
};

/** The messages a refusal can carry: "checks.url.<name>" (several per code where the advice differs). */
export const ENDPOINT_URL_MESSAGES = [
  "required",
  "too_long",
  "too_long_normalised",
  "whitespace",
  "no_scheme",
  "scheme_not_allowed",
  "bad_form",
  "unparsable",
  "credentials",
  "fragment",
  "invalid_port",
  "host_too_long",
  "http_not_allowed",
  "localhost",
  "internal_suffix",
  "not_fqdn",
  "loopback",
  "private_address",
  "link_local",
  "cgnat",
  "special_address",
  "special_address_unspecified",
  "special_address_broadcast",
  "special_address_multicast",
  "special_address_reserved",
  "special_address_benchmarking",
  "metadata",
] as const;
type EndpointUrlMessage = (typeof ENDPOINT_URL_MESSAGES)[number];

type Failure = Extract<EndpointUrlResult, { ok: false }>;
const fail = (code: EndpointUrlCode, key: EndpointUrlMessage = code as EndpointUrlMessage, params?: Record<string, string>): Failure => ({
  ok: false,
  code,
  key: `checks.url.${key}`,
  ...(params ? { params } : {}),
});

/** Known cloud metadata services; most sit in ranges refused anyway, but deserve a clear name. */
const METADATA_ADDRESSES = ["169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"];
const METADATA_HOSTS = ["metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal"];

/** Names that only resolve inside a private network (RFC 6761, RFC 6762, RFC 8375, common practice). */
const INTERNAL_SUFFIXES = [".local", ".localdomain", ".internal", ".intranet", ".lan", ".home", ".corp", ".home.arpa"];

const SCHEME_RE = /^([a-z][a-z0-9+.-]*):/i;

export function validateEndpointUrl(input: string, options: EndpointUrlOptions = {}): EndpointUrlResult {
  const environment = options.environment ?? "production";
  const raw = (input ?? "").trim();

  if (raw === "") return fail("required");
  if (raw.length > ENDPOINT_URL_MAX_LENGTH) {
    return fail("too_long", "too_long", { max: String(ENDPOINT_URL_MAX_LENGTH), length: String(raw.length) });
  }
  // The WHATWG parser silently drops tabs and newlines inside a URL; refuse instead, so what is
  // stored is exactly what the institution typed.
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) {
    return fail("whitespace");
  }

  const scheme = SCHEME_RE.exec(raw)?.[1]?.toLowerCase();
  // "gateway.nl:443/x" looks like a scheme to the regex but is a host without one.
  if (scheme === undefined || scheme.includes(".")) {
    return fail("invalid_url", "no_scheme");
  }
  if (scheme !== "https" && scheme !== "http") {
    return fail("scheme_not_allowed", "scheme_not_allowed", { scheme });
  }
  // Parsers disagree about "https:host", "https:/host" and backslashes; only accept the one
  // spelling every HTTP client reads the same way.
  if (!/^https?:\/\/[^/\\]/i.test(raw) || raw.includes("\\")) {
    return fail("invalid_url", "bad_form");
  }

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail("invalid_url", "unparsable");
  }

  if (url.username !== "" || url.password !== "" || /^https?:\/\/[^/?#]*@/i.test(raw)) {
    return fail("credentials");
  }
  if (raw.includes("#")) {
    return fail("fragment");
  }
  if (url.port === "0") {
    return fail("invalid_port");
  }

  const hostname = url.hostname.toLowerCase();
  const bareHost = stripBrackets(hostname).replace(/\.$/, "");
  if (bareHost.length > HOST_MAX_LENGTH || bareHost.split(".").some((label) => label.length > LABEL_MAX_LENGTH)) {
    return fail("host_too_long", "host_too_long", { max: String(HOST_MAX_LENGTH), label_max: String(LABEL_MAX_LENGTH) });
  }

  if (url.protocol === "http:" && !hostMatchesAllowList(url, options.httpAllowedHosts ?? [])) {
    return fail("http_not_allowed");
  }

  if (environment === "production" && !isAllowedInternalTarget(bareHost, options.allowedInternalTargets ?? [])) {
    const refusal = checkProductionHost(bareHost);
    if (refusal) return refusal;
  }

  if (url.href.length > ENDPOINT_URL_MAX_LENGTH) {
    // Punycode and percent-encoding can make the stored form longer than what was typed.
    return fail("too_long", "too_long_normalised", { max: String(ENDPOINT_URL_MAX_LENGTH), length: String(url.href.length) });
  }

  return { ok: true, url: url.href, host: url.host };
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

function hostMatchesAllowList(url: URL, allowList: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase();
  const host = url.host.toLowerCase();
  return allowList.some((entry) => {
    const e = entry.trim().toLowerCase();
    if (e === "") return false;
    if (e === hostname || e === host) return true;
    // Bare IPv6 entries ("::1") compared with the bracketed hostname.
    return ipaddr.isValid(e) && ipaddr.isValid(stripBrackets(hostname)) && sameAddress(e, stripBrackets(hostname));
  });
}

function sameAddress(a: string, b: string): boolean {
  try {
    return ipaddr.process(a).toNormalizedString() === ipaddr.process(b).toNormalizedString();
  } catch {
    return false;
  }
}

function isAllowedInternalTarget(host: string, allowList: readonly string[]): boolean {
  const address = ipaddr.isValid(host) ? ipaddr.process(host) : null;
  return allowList.some((entry) => {
    const e = entry.trim().toLowerCase();
    if (e === "") return false;
    if (e.includes("/")) {
      if (!address) return false;
      try {
        const [range, bits] = ipaddr.parseCIDR(e);
        return range.kind() === address.kind() && address.match(range, bits);
      } catch {
        return false;
      }
    }
    if (address && ipaddr.isValid(e)) return sameAddress(e, host);
    return e === host;
  });
}

/** Ranges whose message names them ("checks.url.special_address_<range>"); others are named by ipaddr.js's name. */
export const SPECIAL_RANGES: readonly string[] = ["unspecified", "broadcast", "multicast", "reserved", "benchmarking"];

/** Returns a refusal when a production URL names an internal host, or null when it may stay. */
function checkProductionHost(host: string): Failure | null {
  if (METADATA_HOSTS.includes(host)) return metadataFailure();

  if (!ipaddr.isValid(host)) {
    if (host === "localhost" || host.endsWith(".localhost")) {
      return fail("localhost");
    }
    const suffix = INTERNAL_SUFFIXES.find((s) => host.endsWith(s));
    if (suffix) {
      return fail("internal_host", "internal_suffix", { suffix });
    }
    if (!host.includes(".")) {
      return fail("internal_host", "not_fqdn", { host });
    }
    return null;
  }

  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
  const address = ipaddr.process(host);
  const normalized = address.toNormalizedString();
  if (METADATA_ADDRESSES.some((m) => ipaddr.parse(m).toNormalizedString() === normalized && ipaddr.parse(m).kind() === address.kind())) {
    return metadataFailure();
  }
  const range: string = address.range();
  // Show the address as people write it: ::ffff:7f00:1 is 127.0.0.1.
  const shown = address.toString() === host ? host : `${host} (${address.toString()})`;
  switch (range) {
    case "unicast":
      return null;
    case "loopback":
      return fail("loopback", "loopback", { address: shown });
    case "private":
    case "uniqueLocal":
    case "deprecatedSiteLocal":
      return fail("private_address", "private_address", { address: shown });
    case "linkLocal":
      return fail("link_local", "link_local", { address: shown });
    case "carrierGradeNat":
      return fail("cgnat", "cgnat", { address: shown });
    default:
      return fail("special_address", SPECIAL_RANGES.includes(range) ? (`special_address_${range}` as EndpointUrlMessage) : "special_address", { address: shown, range });
  }
}

function metadataFailure(): Failure {
  return fail("metadata");
}

/**
 * A zod schema for forms and server actions; the output is the normalised URL. Build one per
 * environment/allow-list (the server passes its configured allow-lists).
 */
export function endpointUrlSchema(options: EndpointUrlOptions = {}) {
  return z
    .string({ error: (iss) => encodeMessage({ key: iss.input === undefined || iss.input === null ? "checks.url.required" : "checks.not_text" }) })
    .transform((raw, ctx) => {
      const result = validateEndpointUrl(raw, options);
      if (!result.ok) {
        ctx.addIssue(issue(result));
        return z.NEVER;
      }
      return result.url;
    });
}
