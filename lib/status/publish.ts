/**
 * The machine-readable faces of the status page (issue 16 §1): `/status.json` and the Atom feed
 * `/status/feed.atom`. Both come from the one StatusModel (lib/status/queries.ts). Texts in the
 * feed are Dutch, like the other machine outputs (webhooks, CSV).
 */
import type { IncidentState } from "@/lib/domain/status";
import { translator } from "@/lib/i18n/messages";
import type { IncidentView, MaintenanceView, StatusModel } from "./queries";

const percent = (a: number | null) => (a === null ? null : Math.round(a * 10_000) / 100);

const incidentJson = (i: IncidentView) => ({
  id: i.id,
  infrastructure: i.vendorCode,
  title: i.title,
  state: i.state,
  openedAt: i.openedAt.toISOString(),
  resolvedAt: i.resolvedAt?.toISOString() ?? null,
  updates: i.updates.map((u) => ({ state: u.state, message: u.message, at: u.at.toISOString() })),
});

const maintenanceJson = (m: MaintenanceView) => ({
  id: m.id,
  infrastructure: m.vendorCode,
  kind: m.kind,
  title: m.title,
  message: m.message,
  startsAt: m.startsAt.toISOString(),
  endsAt: m.endsAt.toISOString(),
});

/** The body of GET /status.json (README, "Public status page"). */
export function statusJson(m: StatusModel) {
  return {
    generatedAt: m.generatedAt.toISOString(),
    outagePercent: m.outagePercent,
    live: { institutions: m.live, definition: "go_live_verified" },
    institutionsWithActiveProductionEndpoint: m.institutionsWithActiveProduction,
    checker: m.checker ? { status: m.checker.status, since: m.checker.since.toISOString() } : null,
    infrastructures: m.infrastructures.map((inf) => ({
      code: inf.code,
      name: inf.name,
      world: inf.world,
      status: inf.status.state,
      reason: inf.status.reason,
      central: inf.central,
      gateways: { up: inf.gateways.up, degraded: inf.gateways.degraded, down: inf.gateways.down, unknown: inf.gateways.unknown },
      days: inf.days.map((d) => ({ date: d.date, availability: percent(d.availability) })),
      incidents: m.incidents.filter((i) => i.vendorCode === inf.code).map(incidentJson),
    })),
    maintenance: m.maintenance.map(maintenanceJson),
  };
}

export type StatusJson = ReturnType<typeof statusJson>;

/** `If-None-Match` matches this entity tag (weak comparison, lists and `*`). */
export function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || bare(t) === bare(etag));
}

/** Text for XML character data and attribute values. */
export function xmlEscape(s: string): string {
  // Characters XML 1.0 does not allow at all are dropped.
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/**
 * The Atom feed (RFC 4287) of incidents (one entry per incident, updated with each post) and
 * maintenance announcements. `baseUrl` without a trailing slash.
 */
export function statusAtom(m: StatusModel, incidents: readonly IncidentView[], baseUrl: string): string {
  const t = translator("nl");
  const name = (code: string) => m.infrastructures.find((i) => i.code === code)?.name ?? code;
  const state = (s: IncidentState) => t(`status_page.incident_states.${s}`);
  const announced = m.maintenance.filter((x) => x.kind === "announced");
  const updated = [m.generatedAt, ...incidents.map((i) => i.updatedAt), ...announced.map((x) => x.startsAt)]
    .filter((d) => d.getTime() <= m.generatedAt.getTime())
    .reduce((a, b) => (b > a ? b : a), new Date(0));
  const entries = [
    ...incidents.map((i) => {
      const body = i.updates.map((u) => `${t("status_page.feed_update", { state: state(u.state), time: u.at.toISOString() })}\n${u.message}`).join("\n\n");
      return `  <entry>
    <id>${xmlEscape(`${baseUrl}/status/incidents/${i.id}`)}</id>
    <title>${xmlEscape(`[${name(i.vendorCode)}] ${i.title} (${state(i.state)})`)}</title>
    <updated>${i.updatedAt.toISOString()}</updated>
    <published>${i.openedAt.toISOString()}</published>
    <link rel="alternate" type="text/html" href="${xmlEscape(`${baseUrl}/status/incidents/${i.id}`)}"/>
    <category term="incident"/>
    <content type="text">${xmlEscape(body)}</content>
  </entry>`;
    }),
    ...announced.map(
      (x) => `  <entry>
    <id>${xmlEscape(`${baseUrl}/status#maintenance-${x.id}`)}</id>
    <title>${xmlEscape(`[${name(x.vendorCode)}] ${t("status_page.feed_maintenance", { title: x.title ?? "" })}`)}</title>
    <updated>${x.startsAt.getTime() <= m.generatedAt.getTime() ? x.startsAt.toISOString() : m.generatedAt.toISOString()}</updated>
    <link rel="alternate" type="text/html" href="${xmlEscape(`${baseUrl}/status#maintenance-${x.id}`)}"/>
    <category term="maintenance"/>
    <content type="text">${xmlEscape(`${t("status_page.feed_window", { start: x.startsAt.toISOString(), end: x.endsAt.toISOString() })}${x.message ? `\n${x.message}` : ""}`)}</content>
  </entry>`,
    ),
  ];
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl">
  <id>${xmlEscape(`${baseUrl}/status`)}</id>
  <title>${xmlEscape(t("status_page.title"))}</title>
  <updated>${updated.toISOString()}</updated>
  <author><name>${xmlEscape(t("app.name"))}</name></author>
  <link rel="self" type="application/atom+xml" href="${xmlEscape(`${baseUrl}/status/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${xmlEscape(`${baseUrl}/status`)}"/>
${entries.join("\n")}
</feed>
`;
}
