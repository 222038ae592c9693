/**
 * Reads of alert rules (issue 16 §3): the rules that match a checker event (the outbox's routing,
 * lib/checker/notify.ts), the rules a person may manage, the users they may name and the delivery
 * log, all limited to the caller's reach (lib/alerts/reach.ts).
 */
import { and, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { alertRules, endpoints, institutions, memberships, notificationDeliveries, users, vendors, type AlertRule } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import { ruleMatches, targetKey, type AlertOccurrence, type AlertScope, type RecipientCandidate } from "@/lib/domain/alerts";
import type { AlertReach } from "./reach";

/** The enabled rules that match the occurrence (scope, event and, for degraded, the minutes). */
export async function matchingRules(db: Executor, o: AlertOccurrence): Promise<AlertRule[]> {
  const rows = await db
    .select()
    .from(alertRules)
    .where(
      and(
        isNull(alertRules.deletedAt),
        eq(alertRules.enabled, true),
        sql`${alertRules.events} @> array[${o.event}]::text[]`,
        or(
          eq(alertRules.scope, "programme"),
          o.endpoint.vendorCode ? and(eq(alertRules.scope, "vendor"), eq(alertRules.vendorCode, o.endpoint.vendorCode)) : undefined,
          and(eq(alertRules.scope, "institution"), eq(alertRules.institutionId, o.endpoint.institutionId)),
        ),
      ),
    )
    .orderBy(alertRules.createdAt);
  return rows.filter((r) => ruleMatches(r, o));
}

/** The roles whose users a rule of this scope may name as recipients. */
const RECIPIENT_ROLES: Record<AlertScope, readonly Role[]> = {
  programme: ["programme_admin", "programme_viewer"],
  vendor: ["vendor_editor"],
  institution: ["institution_editor", "security_officer"],
};

/**
 * The portal users rules may send to, each with the target it belongs to: programme users for
 * programme rules, a vendor's editors for its rules, an institution's editors and security
 * officers for its rules (active accounts only). `reach` limits it to the caller's targets.
 */
export async function recipientCandidates(db: Executor, reach: AlertReach): Promise<RecipientCandidate[]> {
  if (!reach.all && reach.vendorCodes.length === 0 && reach.institutionIds.length === 0) return [];
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role, vendorCode: memberships.vendorCode, institutionId: memberships.institutionId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        isNull(users.disabledAt),
        reach.all
          ? undefined
          : or(
              reach.vendorCodes.length ? and(inArray(memberships.role, [...RECIPIENT_ROLES.vendor]), inArray(memberships.vendorCode, reach.vendorCodes)) : undefined,
              reach.institutionIds.length ? and(inArray(memberships.role, [...RECIPIENT_ROLES.institution]), inArray(memberships.institutionId, reach.institutionIds)) : undefined,
            ),
      ),
    )
    .orderBy(users.name);
  const seen = new Set<string>();
  return rows.flatMap((r) => {
    const scope = (Object.keys(RECIPIENT_ROLES) as AlertScope[]).find((s) => RECIPIENT_ROLES[s].includes(r.role));
    if (!scope) return [];
    const target = targetKey({ scope, vendorCode: scope === "vendor" ? r.vendorCode : null, institutionId: scope === "institution" ? r.institutionId : null });
    const key = `${r.id}|${target}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ id: r.id, name: r.name, email: r.email, target }];
  });
}

/** The rules within reach, as a SQL condition (null: none at all). */
function reachWhere(reach: AlertReach): SQL | null {
  if (reach.all) return sql`true`;
  const parts = [
    reach.vendorCodes.length ? and(eq(alertRules.scope, "vendor"), inArray(alertRules.vendorCode, reach.vendorCodes)) : undefined,
    reach.institutionIds.length ? and(eq(alertRules.scope, "institution"), inArray(alertRules.institutionId, reach.institutionIds)) : undefined,
  ].filter((p): p is SQL => p !== undefined);
  return parts.length ? (or(...parts) ?? null) : null;
}

export type AlertRuleView = AlertRule & { vendorName: string | null; institutionName: string | null };

export async function listAlertRules(db: Executor, reach: AlertReach): Promise<AlertRuleView[]> {
  const where = reachWhere(reach);
  if (!where) return [];
  const rows = await db
    .select({ rule: alertRules, vendorName: vendors.name, institutionName: institutions.name })
    .from(alertRules)
    .leftJoin(vendors, eq(vendors.code, alertRules.vendorCode))
    .leftJoin(institutions, eq(institutions.id, alertRules.institutionId))
    .where(and(isNull(alertRules.deletedAt), where))
    .orderBy(alertRules.scope, alertRules.name);
  return rows.map((r) => ({ ...r.rule, vendorName: r.vendorName, institutionName: r.institutionName }));
}

export type DeliveryView = {
  id: number;
  createdAt: Date;
  sentAt: Date | null;
  kind: string;
  event: string;
  channel: "email" | "webhook";
  target: string;
  status: "pending" | "sent" | "failed";
  attempts: number;
  lastError: string | null;
  ruleId: string | null;
  ruleName: string | null;
  endpointId: string | null;
  endpointLabel: string | null;
};

/**
 * The delivery log: deliveries of the rules within reach, newest first; programme admins also see
 * the built-in ones (institution contacts, the environment's webhooks). Filter by rule or endpoint.
 */
/** The deliveries within reach (programme admins: also the built-in ones), as a SQL condition (null: none at all). */
function deliveryWhere(reach: AlertReach): SQL | null {
  const ruleWhere = reachWhere(reach);
  if (!ruleWhere) return null;
  return reach.all ? sql`true` : (and(sql`${notificationDeliveries.ruleId} is not null`, ruleWhere) ?? null);
}

export async function listDeliveries(db: Executor, reach: AlertReach, filter: { ruleId?: string; endpointId?: string; limit?: number }): Promise<DeliveryView[]> {
  const visible = deliveryWhere(reach);
  if (!visible) return [];
  const rows = await db
    .select({
      d: notificationDeliveries,
      ruleName: alertRules.name,
      transaction: endpoints.transaction,
      environment: endpoints.environment,
      institutionName: institutions.name,
    })
    .from(notificationDeliveries)
    .leftJoin(alertRules, eq(alertRules.id, notificationDeliveries.ruleId))
    .leftJoin(endpoints, eq(endpoints.id, notificationDeliveries.endpointId))
    .leftJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .where(
      and(
        visible,
        inArray(notificationDeliveries.kind, ["state_change", "cert_expiry", "degraded", "cert_changed", "alert_test"]),
        filter.ruleId ? eq(notificationDeliveries.ruleId, filter.ruleId) : undefined,
        filter.endpointId ? eq(notificationDeliveries.endpointId, filter.endpointId) : undefined,
      ),
    )
    .orderBy(desc(notificationDeliveries.createdAt), desc(notificationDeliveries.id))
    .limit(filter.limit ?? 200);
  return rows.map(({ d, ruleName, transaction, environment, institutionName }) => ({
    id: d.id,
    createdAt: d.createdAt,
    sentAt: d.sentAt,
    kind: d.kind,
    event: String(d.payload.event ?? d.kind),
    channel: d.channel,
    target: d.target,
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    ruleId: d.ruleId,
    ruleName,
    endpointId: d.endpointId,
    endpointLabel: transaction ? `${institutionName ?? ""} · ${transaction.toUpperCase()} (${environment})` : null,
  }));
}

/** One delivery within reach (for a retry), or null. */
export async function getDelivery(db: Executor, reach: AlertReach, id: number) {
  const visible = deliveryWhere(reach);
  if (!visible) return null;
  const [row] = await db
    .select({ id: notificationDeliveries.id, status: notificationDeliveries.status, ruleId: notificationDeliveries.ruleId, channel: notificationDeliveries.channel })
    .from(notificationDeliveries)
    .leftJoin(alertRules, eq(alertRules.id, notificationDeliveries.ruleId))
    .where(and(eq(notificationDeliveries.id, id), visible));
  return row ?? null;
}
