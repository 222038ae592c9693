/**
 * "My work" (issue 18 §5): what each person should do now, for the top of their home page. Read
 * only; every part is scoped by the caller's own memberships (a programme admin's review queue is
 * programme-wide, everything else is the user's institution or vendor).
 *
 * - reviewer (programme admin): the verification queue, oldest report first;
 * - institution editor: per institution, the next action, rejected reports and planned dates;
 * - security officer / FG: toolkit documents to (re)confirm, certificate warnings;
 * - vendor editor: its gateways that are down or degraded and certificates that expire or carry
 *   another URA, then its institutions whose preconditions hold but that still lack an active
 *   production gateway (waiting on the vendor).
 * The programme viewer's home is the dashboard itself.
 */
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { endpointCertificates, endpointHealth, endpoints, institutionPlans, institutionReadiness, institutions } from "@/db/schema";
import { can, type Actor } from "@/lib/auth/policy";
import { diffInDays, toAmsterdamDate, type IsoDate } from "@/lib/domain/dates";
import type { NextAction } from "@/lib/domain/readiness";
import { PLAN_KEYS, PLAN_STEP, type PlanKey } from "@/lib/toolkit/intake";
import { listReviewQueue } from "@/lib/onboarding/queries";
import { loadWorkspace } from "@/lib/onboarding/workspace";
import { listAcknowledgements, listTemplates } from "@/lib/toolkit/queries";
import { acknowledgementState, publishedNewestFirst } from "@/lib/toolkit/versions";
import { DOCUMENT_TYPES } from "@/lib/pdf";

const DAY = 86_400_000;
/** Certificates that expire within this many days are a warning (the checker's first alert threshold). */
export const CERTIFICATE_WARNING_DAYS = 30;
/** How many rows each list shows before "all …" links to the full page. */
export const MY_WORK_LIMIT = 5;

export type MyWorkGateway = { endpointId: string; institutionId: string; institutionName: string; transaction: string; environment: string; status: "down" | "degraded"; since: Date | null };
export type MyWorkCertificate = { endpointId: string; institutionId: string; institutionName: string; transaction: string; environment: string; notAfter: Date; daysLeft: number; uraMismatch: boolean };

export type MyWork = {
  review: { total: number; oldest: { institutionId: string; institutionName: string; stepCode: string; reportedAt: Date | null; days: number | null }[] } | null;
  institutions: {
    id: string;
    name: string;
    nextAction: NextAction;
    rejected: { stepCode: string; reason: string | null }[];
    plans: { key: PlanKey; stepCode: string; date: IsoDate; passed: boolean; done: boolean }[];
  }[];
  toolkit: { institutionId: string; institutionName: string; documents: { documentType: string; versionLabel: string; kind: "never" | "outdated" }[] }[];
  gateways: MyWorkGateway[];
  certificates: MyWorkCertificate[];
  waiting: { id: string; name: string }[];
};

const isPlanKey = (v: string): v is PlanKey => (PLAN_KEYS as readonly string[]).includes(v);
const rolesFor = (actor: Actor, role: string) => actor.memberships.filter((m) => m.role === role);

async function gatewaysInTrouble(db: Executor, where: SQL): Promise<MyWorkGateway[]> {
  const rows = await db
    .select({
      endpointId: endpoints.id,
      institutionId: institutions.id,
      institutionName: institutions.name,
      transaction: endpoints.transaction,
      environment: endpoints.environment,
      status: endpointHealth.status,
      since: endpointHealth.since,
    })
    .from(endpointHealth)
    .innerJoin(endpoints, eq(endpoints.id, endpointHealth.endpointId))
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .where(and(where, eq(endpoints.status, "active"), inArray(endpointHealth.status, ["down", "degraded"])))
    // Down before degraded, production before acceptance, the longest trouble first.
    .orderBy(sql`case ${endpointHealth.status} when 'down' then 0 else 1 end`, sql`case ${endpoints.environment} when 'production' then 0 else 1 end`, asc(endpointHealth.since), asc(institutions.name));
  return rows.map((r) => ({ ...r, status: r.status as "down" | "degraded" }));
}

/** Each active endpoint's newest certificate, when it expires within the warning window or carries another URA. */
async function certificateWarnings(db: Executor, where: SQL, now: Date): Promise<MyWorkCertificate[]> {
  const newest = db
    .selectDistinctOn([endpointCertificates.endpointId], {
      endpointId: endpointCertificates.endpointId,
      notAfter: endpointCertificates.notAfter,
      ura: endpointCertificates.ura,
      expectedUra: endpointCertificates.expectedUra,
    })
    .from(endpointCertificates)
    .orderBy(endpointCertificates.endpointId, sql`${endpointCertificates.lastSeenAt} desc`, sql`${endpointCertificates.id} desc`)
    .as("newest");
  const rows = await db
    .select({
      endpointId: endpoints.id,
      institutionId: institutions.id,
      institutionName: institutions.name,
      institutionUra: institutions.ura,
      transaction: endpoints.transaction,
      environment: endpoints.environment,
      notAfter: newest.notAfter,
      ura: newest.ura,
      expectedUra: newest.expectedUra,
    })
    .from(newest)
    .innerJoin(endpoints, eq(endpoints.id, newest.endpointId))
    .innerJoin(institutions, eq(institutions.id, endpoints.institutionId))
    .where(and(where, eq(endpoints.status, "active")))
    .orderBy(asc(newest.notAfter), asc(institutions.name));
  const limit = now.getTime() + CERTIFICATE_WARNING_DAYS * DAY;
  return rows
    .map((r) => ({
      endpointId: r.endpointId,
      institutionId: r.institutionId,
      institutionName: r.institutionName,
      transaction: r.transaction,
      environment: r.environment,
      notAfter: r.notAfter,
      daysLeft: Math.floor((r.notAfter.getTime() - now.getTime()) / DAY),
      uraMismatch: r.ura !== (r.expectedUra ?? r.institutionUra),
    }))
    .filter((r) => r.notAfter.getTime() < limit || r.uraMismatch);
}

export async function loadMyWork(db: Executor, opts: { actor: Actor; now: Date }): Promise<MyWork> {
  const { actor, now } = opts;
  const today = toAmsterdamDate(now);
  const out: MyWork = { review: null, institutions: [], toolkit: [], gateways: [], certificates: [], waiting: [] };

  if (can(actor, "step.verify")) {
    const queue = await listReviewQueue(db, {});
    out.review = {
      total: queue.length,
      oldest: queue.slice(0, MY_WORK_LIMIT).map((q) => ({
        institutionId: q.institutionId,
        institutionName: q.institutionName,
        stepCode: q.stepCode,
        reportedAt: q.reportedAt,
        days: q.reportedAt ? diffInDays(today, toAmsterdamDate(q.reportedAt)) : null,
      })),
    };
  }

  const editorOf = [...new Set(rolesFor(actor, "institution_editor").map((m) => m.institutionId).filter((id): id is string => !!id))];
  if (editorOf.length) {
    const insts = await db.select({ id: institutions.id, name: institutions.name, vendorCode: institutions.vendorCode }).from(institutions).where(inArray(institutions.id, editorOf)).orderBy(asc(institutions.name));
    const plans = await db.select().from(institutionPlans).where(inArray(institutionPlans.institutionId, editorOf));
    for (const inst of insts) {
      const ws = await loadWorkspace(db, { institutionId: inst.id, vendorCode: inst.vendorCode, now });
      const steps = ws.checklist.flatMap((g) => g.steps);
      const stateOf = new Map(steps.map((s) => [s.def.code as string, s.state]));
      out.institutions.push({
        id: inst.id,
        name: inst.name,
        nextAction: ws.readiness.nextAction,
        rejected: steps.filter((s) => s.state === "rejected").map((s) => ({ stepCode: s.def.code, reason: s.row?.step.rejectionReason ?? null })),
        plans: plans
          .filter((p) => p.institutionId === inst.id && isPlanKey(p.planKey))
          .map((p) => {
            const key = p.planKey as PlanKey;
            const state = stateOf.get(PLAN_STEP[key]);
            const done = state === "verified" || state === "reported";
            return { key, stepCode: PLAN_STEP[key], date: p.plannedOn as IsoDate, passed: p.plannedOn < today, done };
          })
          .sort((a, b) => a.date.localeCompare(b.date)),
      });
    }
  }

  const officerOf = [...new Set(rolesFor(actor, "security_officer").map((m) => m.institutionId).filter((id): id is string => !!id))];
  if (officerOf.length) {
    const [insts, templates] = await Promise.all([
      db.select({ id: institutions.id, name: institutions.name }).from(institutions).where(inArray(institutions.id, officerOf)).orderBy(asc(institutions.name)),
      listTemplates(db),
    ]);
    for (const inst of insts) {
      const acks = await listAcknowledgements(db, { institutionId: inst.id, userEmail: actor.email });
      const documents = DOCUMENT_TYPES.flatMap((info) => {
        const published = publishedNewestFirst(templates.filter((v) => v.documentType === info.id));
        if (!published.length) return [];
        const state = acknowledgementState(published, acks.filter((a) => a.documentType === info.id).map((a) => ({ templateId: a.templateId, at: a.at })));
        return state.kind === "current" ? [] : [{ documentType: info.id as string, versionLabel: published[0].versionLabel, kind: state.kind }];
      });
      if (documents.length) out.toolkit.push({ institutionId: inst.id, institutionName: inst.name, documents });
    }
    out.certificates.push(...(await certificateWarnings(db, inArray(endpoints.institutionId, officerOf), now)));
  }

  const vendorOf = [...new Set(rolesFor(actor, "vendor_editor").map((m) => m.vendorCode).filter((v): v is string => !!v))];
  if (vendorOf.length) {
    out.gateways = await gatewaysInTrouble(db, inArray(endpoints.vendorCode, vendorOf));
    const seen = new Set(out.certificates.map((c) => c.endpointId));
    out.certificates.push(...(await certificateWarnings(db, inArray(endpoints.vendorCode, vendorOf), now)).filter((c) => !seen.has(c.endpointId)));
    // Preconditions verified, not live, and no active production gateway yet: the vendor's move.
    out.waiting = await db
      .select({ id: institutions.id, name: institutions.name })
      .from(institutions)
      .innerJoin(institutionReadiness, eq(institutionReadiness.institutionId, institutions.id))
      .where(
        and(
          inArray(institutions.vendorCode, vendorOf),
          eq(institutionReadiness.agreementsMet, true),
          eq(institutionReadiness.mitzConnectedMet, true),
          eq(institutionReadiness.mitzFilledMet, true),
          eq(institutionReadiness.isLive, false),
          sql`not exists (select 1 from ${endpoints} e where e.institution_id = ${institutions.id} and e.environment = 'production' and e.status = 'active')`,
        ),
      )
      .orderBy(asc(institutions.name));
  }
  out.certificates.sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime());

  return out;
}
