/**
 * FHIR search parameters, parsed strictly: an unknown parameter or a malformed value is an
 * OperationOutcome (400), never a 500 and never silently ignored. Pure.
 */
export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 200;

export type Prefix = "eq" | "gt" | "ge" | "lt" | "le";
export type DateBound = { op: Prefix; at: Date };

export type CommonParams = { count: number; offset: number };
export type EndpointSearch = CommonParams & {
  ids?: string[];
  homeCommunityIds?: string[];
  institutionIds?: string[];
  vendorCodes?: string[];
  statuses?: string[];
  lastUpdated: DateBound[];
};
export type OrganizationSearch = CommonParams & {
  ids?: string[];
  uras?: string[];
  kvks?: string[];
  name?: string;
  active?: boolean;
  lastUpdated: DateBound[];
};
export type HistoryParams = CommonParams & { since?: Date };

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ENDPOINT_STATUSES = ["active", "suspended", "off", "entered-in-error"];
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RFC3986 = "urn:ietf:rfc:3986";
const URA_SYSTEM = "http://fhir.nl/fhir/NamingSystem/ura";
const KVK_SYSTEM = "http://fhir.nl/fhir/NamingSystem/kvk";
const FORMATS = ["json", "application/json", "application/fhir+json"];

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

const list = (values: string[]) => values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);

function parseCommon(params: URLSearchParams, key: string, values: string[], out: CommonParams): string | null | undefined {
  const v = values[values.length - 1];
  switch (key) {
    case "_count": {
      if (!/^\d{1,4}$/.test(v) || Number(v) < 1) return `_count must be a whole number from 1 to ${MAX_COUNT}`;
      out.count = Math.min(Number(v), MAX_COUNT);
      return null;
    }
    case "_offset": {
      if (!/^\d{1,9}$/.test(v)) return "_offset must be a whole number";
      out.offset = Number(v);
      return null;
    }
    case "_format":
      return FORMATS.includes(v) ? null : `_format ${v} is not supported; this server speaks application/fhir+json`;
    default:
      return undefined;
  }
}

function group(params: URLSearchParams) {
  const map = new Map<string, string[]>();
  for (const [k, v] of params) map.set(k, [...(map.get(k) ?? []), v]);
  return map;
}

/** Reads one search parameter (all its values) into `out`; a string is the refusal. */
type ParamReader<T> = (values: string[], out: T) => string | void;

/**
 * The loop every search shares: _count/_offset/_format first, then the resource's own
 * parameters; an unknown parameter is refused with the supported list (in `readers` order).
 */
function parseParams<T extends CommonParams>(params: URLSearchParams, out: T, readers: Record<string, ParamReader<T>>, unknown: (key: string, supported: string) => string): Parsed<T> {
  for (const [key, values] of group(params)) {
    const common = parseCommon(params, key, values, out);
    if (typeof common === "string") return { ok: false, message: common };
    if (common === null) continue;
    const read = Object.hasOwn(readers, key) ? readers[key] : undefined;
    const error = read ? read(values, out) : unknown(key, [...Object.keys(readers), "_count"].join(", "));
    if (error) return { ok: false, message: error };
  }
  return { ok: true, value: out };
}

const lastUpdated: ParamReader<{ lastUpdated: DateBound[] }> = (values, out) => {
  for (const v of values) {
    const b = parseDateBound(v);
    if (!b) return `_lastUpdated "${v}" is not a FHIR date or instant (e.g. ge2026-01-01T00:00:00Z)`;
    out.lastUpdated.push(b);
  }
};

/** `system|value` or a bare value (any system). */
const splitToken = (v: string): [string | undefined, string] => (v.includes("|") ? (v.split("|", 2) as [string, string]) : [undefined, v]);

export function parseEndpointSearch(params: URLSearchParams): Parsed<EndpointSearch> {
  return parseParams<EndpointSearch>(
    params,
    { count: DEFAULT_COUNT, offset: 0, lastUpdated: [] },
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
      _lastUpdated: lastUpdated,
    },
    (key, supported) => `Unknown or unsupported search parameter "${key}" for Endpoint; supported: ${supported}`,
  );
}

export function parseOrganizationSearch(params: URLSearchParams): Parsed<OrganizationSearch> {
  return parseParams<OrganizationSearch>(
    params,
    { count: DEFAULT_COUNT, offset: 0, lastUpdated: [] },
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
      name: (values, out) => {
        out.name = values[values.length - 1].trim();
      },
      active: (values, out) => {
        const v = values[values.length - 1];
        if (v !== "true" && v !== "false") return "active must be true or false";
        out.active = v === "true";
      },
      _lastUpdated: lastUpdated,
    },
    (key, supported) => `Unknown or unsupported search parameter "${key}" for Organization; supported: ${supported}`,
  );
}

export function parseHistoryParams(params: URLSearchParams): Parsed<HistoryParams> {
  return parseParams<HistoryParams>(
    params,
    { count: DEFAULT_COUNT, offset: 0 },
    {
      _since: (values, out) => {
        const v = values[values.length - 1];
        const at = parseFhirDate(v);
        if (!at) return `_since "${v}" is not a FHIR instant (e.g. 2026-01-01T00:00:00Z)`;
        out.since = at;
      },
    },
    (key, supported) => `Unknown or unsupported parameter "${key}" for _history; supported: ${supported}`,
  );
}

/** Does a fixed instant satisfy every bound? (Used for the vendor organizations, which are not in a table query.) */
export function matchesBounds(at: Date, bounds: readonly DateBound[]): boolean {
  return bounds.every((b) => {
    const a = at.getTime();
    const t = b.at.getTime();
    return b.op === "eq" ? a === t : b.op === "gt" ? a > t : b.op === "ge" ? a >= t : b.op === "lt" ? a < t : a <= t;
  });
}
