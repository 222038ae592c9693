/**
 * Validation of a gateway endpoint URL for the DUO network registry (issue 5, item 1).
 *
 * This is the registry's first line of defence; the checker vets resolved addresses again
 * before every probe (DNS can point anywhere), so here we only judge what the text itself
 * says: scheme, credentials, fragment, length, and hosts that are literal internal addresses.
 *
 * Pure and browser-safe (ipaddr.js, no node:net), so the form and the server action share it.
 */
import ipaddr from "ipaddr.js";
import { z } from "zod";

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
  | { ok: false; code: EndpointUrlCode; message: string; messageEn: string };

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

type Failure = Extract<EndpointUrlResult, { ok: false }>;
const fail = (code: EndpointUrlCode, message: string, messageEn: string): Failure => ({ ok: false, code, message, messageEn });

/** Known cloud metadata services; most sit in ranges refused anyway, but deserve a clear name. */
const METADATA_ADDRESSES = ["169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"];
const METADATA_HOSTS = ["metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal"];

/** Names that only resolve inside a private network (RFC 6761, RFC 6762, RFC 8375, common practice). */
const INTERNAL_SUFFIXES = [".local", ".localdomain", ".internal", ".intranet", ".lan", ".home", ".corp", ".home.arpa"];

const SCHEME_RE = /^([a-z][a-z0-9+.-]*):/i;

export function validateEndpointUrl(input: string, options: EndpointUrlOptions = {}): EndpointUrlResult {
  const environment = options.environment ?? "production";
  const raw = (input ?? "").trim();

  if (raw === "") return fail("required", "Vul een URL in", "Enter a URL");
  if (raw.length > ENDPOINT_URL_MAX_LENGTH) {
    return fail(
      "too_long",
      `De URL is te lang: hoogstens ${ENDPOINT_URL_MAX_LENGTH} tekens (nu ${raw.length})`,
      `The URL is too long: at most ${ENDPOINT_URL_MAX_LENGTH} characters (got ${raw.length})`,
    );
  }
  // The WHATWG parser silently drops tabs and newlines inside a URL; refuse instead, so what is
  // stored is exactly what the institution typed.
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) {
    return fail(
      "whitespace",
      "De URL mag geen spaties, tabs of regeleinden bevatten",
      "The URL may not contain spaces, tabs or line breaks",
    );
  }

  const scheme = SCHEME_RE.exec(raw)?.[1]?.toLowerCase();
  // "gateway.nl:443/x" looks like a scheme to the regex but is a host without one.
  if (scheme === undefined || scheme.includes(".")) {
    return fail(
      "invalid_url",
      "De URL moet met https:// beginnen (bijvoorbeeld https://gateway.voorbeeld.nl/pad)",
      "The URL must start with https:// (e.g. https://gateway.example.nl/path)",
    );
  }
  if (scheme !== "https" && scheme !== "http") {
    return fail(
      "scheme_not_allowed",
      `Het schema "${scheme}:" is niet toegestaan; een endpoint-URL begint met https://`,
      `The scheme "${scheme}:" is not allowed; an endpoint URL starts with https://`,
    );
  }
  // Parsers disagree about "https:host", "https:/host" and backslashes; only accept the one
  // spelling every HTTP client reads the same way.
  if (!/^https?:\/\/[^/\\]/i.test(raw) || raw.includes("\\")) {
    return fail(
      "invalid_url",
      "Dit is geen geldige URL; gebruik de vorm https://gateway.voorbeeld.nl/pad",
      "This is not a valid URL; use the form https://gateway.example.nl/path",
    );
  }

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(
      "invalid_url",
      "Dit is geen geldige URL; controleer de hostnaam en het poortnummer (vorm: https://gateway.voorbeeld.nl/pad)",
      "This is not a valid URL; check the host name and port (form: https://gateway.example.nl/path)",
    );
  }

  if (url.username !== "" || url.password !== "" || /^https?:\/\/[^/?#]*@/i.test(raw)) {
    return fail(
      "credentials",
      "De URL mag geen gebruikersnaam of wachtwoord bevatten; de verbinding wordt beveiligd met certificaten",
      "The URL may not contain a user name or password; the connection is secured with certificates",
    );
  }
  if (raw.includes("#")) {
    return fail(
      "fragment",
      "De URL mag geen fragment (#…) bevatten; dat deel wordt nooit naar de gateway verstuurd",
      "The URL may not contain a fragment (#…); that part is never sent to the gateway",
    );
  }
  if (url.port === "0") {
    return fail("invalid_port", "Poort 0 is geen geldig poortnummer", "Port 0 is not a valid port");
  }

  const hostname = url.hostname.toLowerCase();
  const bareHost = stripBrackets(hostname).replace(/\.$/, "");
  if (bareHost.length > HOST_MAX_LENGTH || bareHost.split(".").some((label) => label.length > LABEL_MAX_LENGTH)) {
    return fail(
      "host_too_long",
      `De hostnaam is te lang (hoogstens ${HOST_MAX_LENGTH} tekens, ${LABEL_MAX_LENGTH} per deel tussen punten)`,
      `The host name is too long (at most ${HOST_MAX_LENGTH} characters, ${LABEL_MAX_LENGTH} per label)`,
    );
  }

  if (url.protocol === "http:" && !hostMatchesAllowList(url, options.httpAllowedHosts ?? [])) {
    return fail(
      "http_not_allowed",
      "Alleen https:// is toegestaan; gewoon http:// kan alleen voor testservers op de lijst van toegestane hosts",
      "Only https:// is allowed; plain http:// is only possible for test servers on the allow-list",
    );
  }

  if (environment === "production" && !isAllowedInternalTarget(bareHost, options.allowedInternalTargets ?? [])) {
    const refusal = checkProductionHost(bareHost);
    if (refusal) return refusal;
  }

  if (url.href.length > ENDPOINT_URL_MAX_LENGTH) {
    // Punycode and percent-encoding can make the stored form longer than what was typed.
    return fail(
      "too_long",
      `De URL is te lang: hoogstens ${ENDPOINT_URL_MAX_LENGTH} tekens na omzetting (nu ${url.href.length})`,
      `The URL is too long: at most ${ENDPOINT_URL_MAX_LENGTH} characters once normalised (got ${url.href.length})`,
    );
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

const SPECIAL_RANGE_NAMES: Record<string, { nl: string; en: string }> = {
  unspecified: { nl: "ongespecificeerd adres", en: "unspecified address" },
  broadcast: { nl: "broadcastadres", en: "broadcast address" },
  multicast: { nl: "multicastadres", en: "multicast address" },
  reserved: { nl: "gereserveerd of documentatiebereik", en: "reserved or documentation range" },
  benchmarking: { nl: "benchmarkbereik", en: "benchmarking range" },
};

/** Returns a refusal when a production URL names an internal host, or null when it may stay. */
function checkProductionHost(host: string): Failure | null {
  if (METADATA_HOSTS.includes(host)) return metadataFailure();

  if (!ipaddr.isValid(host)) {
    if (host === "localhost" || host.endsWith(".localhost")) {
      return fail(
        "localhost",
        "localhost kan niet als productie-endpoint worden geregistreerd",
        "localhost cannot be registered as a production endpoint",
      );
    }
    const suffix = INTERNAL_SUFFIXES.find((s) => host.endsWith(s));
    if (suffix) {
      return fail(
        "internal_host",
        `Hostnamen op "${suffix}" zijn alleen binnen een eigen netwerk bereikbaar; gebruik voor productie een publieke hostnaam`,
        `Host names ending in "${suffix}" only resolve inside a private network; use a public host name for production`,
      );
    }
    if (!host.includes(".")) {
      return fail(
        "internal_host",
        `"${host}" is geen volledige hostnaam; gebruik voor productie een volledige naam zoals gateway.ziekenhuis.nl`,
        `"${host}" is not a fully qualified host name; use a full name such as gateway.hospital.nl for production`,
      );
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
      return fail(
        "loopback",
        `${shown} is een loopbackadres (de eigen machine) en kan geen productie-endpoint zijn`,
        `${shown} is a loopback address (the machine itself) and cannot be a production endpoint`,
      );
    case "private":
    case "uniqueLocal":
    case "deprecatedSiteLocal":
      return fail(
        "private_address",
        `${shown} is een privé-adres (intern netwerk) en is niet toegestaan voor productie-endpoints`,
        `${shown} is a private (internal network) address and is not allowed for production endpoints`,
      );
    case "linkLocal":
      return fail(
        "link_local",
        `${shown} is een link-local adres en is van buitenaf niet bereikbaar`,
        `${shown} is a link-local address and cannot be reached from outside`,
      );
    case "carrierGradeNat":
      return fail(
        "cgnat",
        `${shown} ligt in het CGNAT-bereik (100.64.0.0/10) van providers en is niet toegestaan voor productie-endpoints`,
        `${shown} is in the carrier-grade NAT range (100.64.0.0/10) and is not allowed for production endpoints`,
      );
    default:
      return fail(
        "special_address",
        `${shown} is een bijzonder adres (${SPECIAL_RANGE_NAMES[range]?.nl ?? range}) dat niet voor productie-endpoints gebruikt mag worden`,
        `${shown} is a special-purpose address (${SPECIAL_RANGE_NAMES[range]?.en ?? range}) that may not be used for production endpoints`,
      );
  }
}

function metadataFailure(): Failure {
  return fail(
    "metadata",
    "Dit adres hoort bij een metadata-dienst van een cloudplatform en is nooit een geldig endpoint",
    "This address belongs to a cloud platform's metadata service and is never a valid endpoint",
  );
}

/**
 * A zod schema for forms and server actions; the output is the normalised URL. Build one per
 * environment/allow-list (the server passes its configured allow-lists).
 */
export function endpointUrlSchema(options: EndpointUrlOptions = {}) {
  return z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? "Vul een URL in" : "Ongeldige invoer: verwacht tekst") })
    .transform((raw, ctx) => {
      const result = validateEndpointUrl(raw, options);
      if (!result.ok) {
        ctx.addIssue({ code: "custom", message: result.message, params: { code: result.code, messageEn: result.messageEn } });
        return z.NEVER;
      }
      return result.url;
    });
}
