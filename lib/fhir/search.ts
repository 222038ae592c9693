/**
 * FHIR search and `_history` parameters. Pure.
 *
 * Handling (FHIR search, "Handling errors"): by default, and with `Prefer: handling=strict`, an
 * unknown or unsupported parameter is refused (400 OperationOutcome) with the list of supported
 * ones; with `Prefer: handling=lenient` it is ignored and reported back (`ignored`, which the
 * handler turns into an OperationOutcome entry of the Bundle, and left out of the `self` link).
 * A malformed value of a supported parameter is a 400 in both modes; an output format other than
 * JSON is a 406. Never a 500 and never silently ignored.
 *
 * Paging is by keyset, never by offset: the `next` link carries an opaque `_cursor` with the
 * last key of the page and the sync point of the first page (see lib/registry/directory-clock.ts),
 * so pages stay stable while the directory changes underneath.
 */
export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 200;

export type Prefix = "eq" | "gt" | "ge" | "lt" | "le";
export type DateBound = { op: Prefix; at: Date };

/** Where a page continues: after `key` (an id, or `<ms>.<row id>` for Endpoint history), for the sync point `syncPoint`. */
export type Cursor = { key: string; syncPoint: Date };

/** Parameters that shape the result rather than select resources. */
export type ResultParams = {
  /** 0: only the total (as `_summary=count`). */
  count: number;
  cursor?: Cursor;
  /** `_summary`: count, or the full resources (data / false). */
  summary?: "count" | "data" | "false";
  /** `_total`: none skips counting. */
  total: "none" | "estimate" | "accurate";
  /** `_elements`: top-level elements to keep (id, meta and resourceType always stay). */
  elements?: string[];
  pretty: boolean;
};

export type StringMatch = { value: string; mode: "starts" | "contains" | "exact" };

export type EndpointSearch = ResultParams & {
  ids?: string[];
  homeCommunityIds?: string[];
  /** `organization`: institutions (Organization.endpoint) and vendors (managingOrganization). */
  institutionIds?: string[];
  vendorCodes?: string[];
  statuses?: string[];
  /** `connection-type`: false when the asked type is not one this directory serves (no match). */
  connectionTypeMatches?: boolean;
  /** `_revinclude=Organization:endpoint`: add the institutions that list each endpoint. */
  revIncludeOrganizations?: boolean;
  /** `_include=Endpoint:organization`: add the managing vendor organizations. */
  includeManagingOrganizations?: boolean;
  lastUpdated: DateBound[];
};
export type OrganizationSearch = ResultParams & {
  ids?: string[];
  uras?: string[];
  kvks?: string[];
  name?: StringMatch;
  active?: boolean;
  /** `_include=Organization:endpoint`: add the endpoints each organization lists. */
  includeEndpoints?: boolean;
  /** `_revinclude=Endpoint:organization`: add the endpoints each organization manages or lists. */
  revIncludeEndpoints?: boolean;
  lastUpdated: DateBound[];
};
export type HistoryParams = ResultParams & { since?: Date };

export type Ignored = { param: string; reason: string };
export type Handling = "strict" | "lenient";
/** A refusal: 400 `invalid` (a malformed value), 400 `not-supported` (strict handling), 406 `not-supported` (a format other than JSON). */
export type Parsed<T> = { ok: true; value: T; ignored: Ignored[] } | { ok: false; status: 400 | 406; code: "invalid" | "not-supported"; message: string };

const ENDPOINT_STATUSES = ["active", "suspended", "off", "entered-in-error"];
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RFC3986 = "urn:ietf:rfc:3986";
const URA_SYSTEM = "http://fhir.nl/fhir/NamingSystem/ura";
const KVK_SYSTEM = "http://fhir.nl/fhir/NamingSystem/kvk";
const CONNECTION_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/endpoint-connection-type";
/** The one connection type this directory serves (lib/fhir/mapping.ts). */
const CONNECTION_TYPE = "ihe-xca";
const JSON_FORMATS = ["json", "application/json", "application/fhir+json"];
/** `_summary` values: `true` and `text` are not offered (see the CapabilityStatement). */
const SUMMARY_VALUES = ["count", "data", "false"];

/** The result and paging parameters every search and history accepts, in the refusal's list. */
export const RESULT_PARAMETERS = ["_count", "_cursor", "_summary", "_total", "_elements", "_format", "_pretty"];

/** `Prefer: handling=lenient|strict` (strict when absent or anything else). */
export function handlingOf(prefer: string | null): Handling {
  const parts = (prefer ?? "").split(/[,;]/).map((s) => s.trim().toLowerCase().replace(/\s+/g, ""));
  return parts.includes("handling=lenient") ? "lenient" : "strict";
}

/** FHIR instants and dates: a date alone means the start of that day (UTC). */
export function parseFhirDate(value: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? null : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

function parseDateBound(raw: string): DateBound | null {
  const m = /^(eq|gt|ge|lt|le)?(.+)$/.exec(raw);
  if (!m) return null;
  const at = parseFhirDate(m[2]);
  return at ? { op: (m[1] as Prefix | undefined) ?? "eq", at } : null;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify({ k: c.key, t: c.syncPoint.getTime() })).toString("base64url");
}

export function decodeCursor(raw: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(raw)) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as { k?: unknown; t?: unknown };
    if (typeof v.k !== "string" || !/^[A-Za-z0-9.:_-]{1,100}$/.test(v.k) || typeof v.t !== "number" || !Number.isSafeInteger(v.t) || v.t < 0) return null;
    return { key: v.k, syncPoint: new Date(v.t) };
  } catch {
    return null;
  }
}

/** Whether an Accept header admits JSON (absent, a JSON type, or a wildcard). */
export function acceptsJson(accept: string | null): boolean {
  if (!accept || !accept.trim()) return true;
  return accept.split(",").some((part) => {
    const [type, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    if (q && Number(q.slice(2)) === 0) return false;
    return ["*/*", "application/*", "application/json", "application/fhir+json", "application/json+fhir"].includes(type);
  });
}

/** `_format`: a JSON format is fine; any other format cannot be produced (406). */
export function formatRefusal(values: string[]): string | null {
  // An unencoded "+" arrives as a space (application/fhir json).
  const bad = values.find((v) => !JSON_FORMATS.includes(v.trim().toLowerCase().split(";")[0].trim().replace(/ /g, "+")));
  return bad === undefined ? null : `_format ${bad} is not supported; this server only speaks JSON (application/fhir+json)`;
}

const list = (values: string[]) => values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);

function group(params: URLSearchParams) {
  const map = new Map<string, string[]>();
  for (const [k, v] of params) map.set(k, [...(map.get(k) ?? []), v]);
  return map;
}

/** Reads one parameter (all its values) into `out`: a string is a malformed value (400); `{ unsupported }` a value this server does not offer. */
type ParamReader<T> = (values: string[], out: T) => string | { unsupported: string } | void;

const ELEMENT_RE = /^[a-z][A-Za-z0-9]{0,63}$/;

/** The result parameters (shared by every search and history). */
function resultReaders<T extends ResultParams>(): Record<string, ParamReader<T>> {
  return {
    _count: (values, out) => {
      const v = values[values.length - 1];
      if (!/^\d{1,4}$/.test(v)) return `_count must be a whole number from 0 to ${MAX_COUNT}`;
      out.count = Math.min(Number(v), MAX_COUNT);
    },
    _cursor: (values, out) => {
      const c = decodeCursor(values[values.length - 1]);
      if (!c) return "_cursor is not a cursor of this server; follow the Bundle's next link as it is";
      out.cursor = c;
    },
    _summary: (values, out) => {
      const v = values[values.length - 1];
      if (!SUMMARY_VALUES.includes(v)) return { unsupported: `_summary=${v} is not supported; use one of ${SUMMARY_VALUES.join(", ")}` };
      out.summary = v as ResultParams["summary"];
    },
    _total: (values, out) => {
      const v = values[values.length - 1];
      if (v !== "none" && v !== "estimate" && v !== "accurate") return "_total must be none, estimate or accurate";
      out.total = v;
    },
    _elements: (values, out) => {
      const names = list(values);
      const bad = names.find((n) => !ELEMENT_RE.test(n));
      if (bad) return `_elements "${bad}" is not an element name`;
      out.elements = [...new Set([...(out.elements ?? []), ...names])];
    },
    _pretty: (values, out) => {
      const v = values[values.length - 1];
      if (v !== "true" && v !== "false") return "_pretty must be true or false";
      out.pretty = v === "true";
    },
  };
}

/**
 * The loop every search shares: `_format` first (406), then the result parameters and the
 * resource's own; an unknown parameter is refused (strict) or ignored and reported (lenient).
 */
function parseParams<T extends ResultParams>(
  params: URLSearchParams,
  out: T,
  readers: Record<string, ParamReader<T>>,
  what: string,
  handling: Handling,
): Parsed<T> {
  const all: Record<string, ParamReader<T>> = { ...readers, ...resultReaders<T>() };
  const supported = [...Object.keys(readers), ...RESULT_PARAMETERS].join(", ");
  const ignored: Ignored[] = [];
  const grouped = group(params);
  const format = grouped.get("_format");
  if (format) {
    const refusal = formatRefusal(format);
    if (refusal) return { ok: false, status: 406, code: "not-supported", message: refusal };
  }
  for (const [key, values] of grouped) {
    if (key === "_format") continue;
    const read = Object.hasOwn(all, key) ? all[key] : undefined;
    const res = read ? read(values, out) : { unsupported: `Unknown or unsupported parameter "${key}" for ${what}; supported: ${supported}` };
    if (typeof res === "string") return { ok: false, status: 400, code: "invalid", message: res };
    if (res && "unsupported" in res) {
      if (handling === "strict") return { ok: false, status: 400, code: "not-supported", message: res.unsupported };
      ignored.push({ param: key, reason: res.unsupported });
    }
  }
  if (out.summary === "count") out.count = 0;
  return { ok: true, value: out, ignored };
}

const lastUpdated: ParamReader<{ lastUpdated: DateBound[] }> = (values, out) => {
  for (const v of values) {
    const b = parseDateBound(v);
    if (!b) return `_lastUpdated "${v}" is not a FHIR date or instant (e.g. ge2026-01-01T00:00:00Z)`;
    out.lastUpdated.push(b);
  }
};

/** `system|value` or a bare value (any system). */
const splitToken = (v: string): [string | undefined, string] => {
  const i = v.indexOf("|");
  return i < 0 ? [undefined, v] : [v.slice(0, i), v.slice(i + 1)];
};

const defaults = (): ResultParams & { lastUpdated: DateBound[] } => ({ count: DEFAULT_COUNT, total: "accurate", pretty: false, lastUpdated: [] });

function includeReader<T>(allowed: string, set: (out: T) => void): ParamReader<T> {
  return (values, out) => {
    for (const v of list(values)) {
      if (v !== allowed) return { unsupported: `${v} is not supported here; use ${allowed}` };
    }
    set(out);
  };
}

export function parseEndpointSearch(params: URLSearchParams, handling: Handling = "strict"): Parsed<EndpointSearch> {
  return parseParams<EndpointSearch>(
    params,
    defaults(),
    {
      _id: (values, out) => {
        out.ids = list(values).filter((v) => UUID_RE.test(v)).map((v) => v.toLowerCase());
      },
      identifier: (values, out) => {
        out.homeCommunityIds = list(values).flatMap((v) => {
          const [system, value] = splitToken(v);
          return system === undefined || system === "" || system === RFC3986 ? [value] : [];
        });
      },
      organization: (values, out) => {
        const refs = list(values).map((v) => v.replace(/^Organization\//, ""));
        out.institutionIds = refs.filter((r) => UUID_RE.test(r)).map((r) => r.toLowerCase());
        out.vendorCodes = refs.filter((r) => r.startsWith("vendor-")).map((r) => r.slice("vendor-".length));
      },
      status: (values, out) => {
        const statuses = list(values);
        const bad = statuses.find((s) => !ENDPOINT_STATUSES.includes(s));
        if (bad) return `Unknown Endpoint status "${bad}"; use one of ${ENDPOINT_STATUSES.join(", ")}`;
        out.statuses = statuses;
      },
      "connection-type": (values, out) => {
        out.connectionTypeMatches = list(values).some((v) => {
          const [system, code] = splitToken(v);
          return code === CONNECTION_TYPE && (system === undefined || system === "" || system === CONNECTION_TYPE_SYSTEM);
        });
      },
      _lastUpdated: lastUpdated,
      _include: includeReader("Endpoint:organization", (out) => {
        out.includeManagingOrganizations = true;
      }),
      _revinclude: includeReader("Organization:endpoint", (out) => {
        out.revIncludeOrganizations = true;
      }),
    },
    "Endpoint",
    handling,
  );
}

function nameReader(mode: StringMatch["mode"]): ParamReader<OrganizationSearch> {
  return (values, out) => {
    const value = values[values.length - 1].trim();
    if (!value) return "name needs a value";
    out.name = { value: value.slice(0, 100), mode };
  };
}

export function parseOrganizationSearch(params: URLSearchParams, handling: Handling = "strict"): Parsed<OrganizationSearch> {
  return parseParams<OrganizationSearch>(
    params,
    defaults(),
    {
      _id: (values, out) => {
        out.ids = list(values);
      },
      identifier: (values, out) => {
        out.uras = [];
        out.kvks = [];
        for (const v of list(values)) {
          const [system, value] = splitToken(v);
          if (system === undefined || system === "" || system === URA_SYSTEM) out.uras.push(value);
          if (system === undefined || system === "" || system === KVK_SYSTEM) out.kvks.push(value);
        }
      },
      name: nameReader("starts"),
      "name:contains": nameReader("contains"),
      "name:exact": nameReader("exact"),
      active: (values, out) => {
        const v = values[values.length - 1];
        if (v !== "true" && v !== "false") return "active must be true or false";
        out.active = v === "true";
      },
      _lastUpdated: lastUpdated,
      _include: includeReader("Organization:endpoint", (out) => {
        out.includeEndpoints = true;
      }),
      _revinclude: includeReader("Endpoint:organization", (out) => {
        out.revIncludeEndpoints = true;
      }),
    },
    "Organization",
    handling,
  );
}

export function parseHistoryParams(params: URLSearchParams, handling: Handling = "strict"): Parsed<HistoryParams> {
  return parseParams<HistoryParams>(
    params,
    { count: DEFAULT_COUNT, total: "accurate", pretty: false },
    {
      _since: (values, out) => {
        const v = values[values.length - 1];
        const at = parseFhirDate(v);
        if (!at) return `_since "${v}" is not a FHIR instant (e.g. 2026-01-01T00:00:00Z)`;
        out.since = at;
      },
    },
    "_history",
    handling,
  );
}

/** Read and vread: only `_format` (406 unless JSON), `_pretty` and `_elements`/`_summary`; anything else is ignored, as FHIR read has no other parameters. */
export function parseReadParams(params: URLSearchParams): Parsed<Pick<ResultParams, "pretty" | "elements" | "summary">> {
  const res = parseParams<ResultParams>(
    new URLSearchParams([...params].filter(([k]) => ["_format", "_pretty", "_elements", "_summary"].includes(k))),
    { count: 1, total: "none", pretty: false },
    {},
    "read",
    "strict",
  );
  if (!res.ok) return res;
  if (res.value.summary === "count") return { ok: false, status: 400, code: "not-supported", message: "_summary=count applies to searches, not to a read" };
  return { ok: true, value: { pretty: res.value.pretty, elements: res.value.elements, summary: res.value.summary }, ignored: [] };
}

/** Does a fixed instant satisfy every bound? (Used for the vendor organizations, which are not in a table query.) */
export function matchesBounds(at: Date, bounds: readonly DateBound[]): boolean {
  return bounds.every((b) => {
    const a = at.getTime();
    const t = b.at.getTime();
    return b.op === "eq" ? a === t : b.op === "gt" ? a > t : b.op === "ge" ? a >= t : b.op === "lt" ? a < t : a <= t;
  });
}

/** `name`: starts-with (the FHIR default), `:contains` or `:exact`, case-insensitive except exact. Pure, for the vendor rows. */
export function matchesName(name: string, m: StringMatch | undefined): boolean {
  if (!m) return true;
  if (m.mode === "exact") return name === m.value;
  const n = name.toLocaleLowerCase("nl");
  const v = m.value.toLocaleLowerCase("nl");
  return m.mode === "contains" ? n.includes(v) : n.startsWith(v);
}
