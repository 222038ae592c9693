/**
 * Registering and changing endpoints. Each change is one transaction: the endpoint row, a new
 * row in endpoint_versions (what FHIR `_history` serves) and an audit event. Nothing is deleted.
 * Callers check the permission first; these functions check the institution-level scope again.
 */
import { and, eq, ne } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { getInstitutionRef } from "@/lib/institutions/queries";
import { endpoints, endpointVersions, type Endpoint, type EndpointSnapshot } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import type { EndpointValues } from "@/lib/validation/endpoints";
import { stampDirectoryChange } from "./directory-clock";
import { mayChooseAnyVendor, mayMarkCentral, mayWriteEndpoint, principalAuditActor, readScope, scopeCovers, type Principal } from "./principal";

/**
 * The actor of the endpoint versions that `npm start` writes when it points the demo's gateways at
 * the local simulator (lib/checker/demo.ts): a stand-in for the registered address, not a change
 * of the registration (the go-live gate does not count it as one).
 */
export const DEMO_SIMULATOR_ACTOR_LABEL = "demo (simulator)";

export function snapshotOf(row: Endpoint): EndpointSnapshot {
  return {
    ...row,
    periodStart: row.periodStart?.toISOString() ?? null,
    periodEnd: row.periodEnd?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The fields people change; used for the audit diff and the change history. */
export const TRACKED_FIELDS = [
  "vendorCode",
  "environment",
  "transaction",
  "url",
  "homeCommunityId",
  "status",
  "periodStart",
  "periodEnd",
  "maintenanceWindows",
  "probeMode",
  "central",
] as const;
export type TrackedField = (typeof TRACKED_FIELDS)[number];

export function diffSnapshots(before: Partial<EndpointSnapshot> | null, after: EndpointSnapshot): TrackedField[] {
  if (!before) return [];
  // Snapshots from before the central flag existed lack it: not central.
  const value = (s: Partial<EndpointSnapshot>, f: TrackedField) => s[f] ?? (f === "central" ? false : null);
  return TRACKED_FIELDS.filter((f) => JSON.stringify(value(before, f)) !== JSON.stringify(value(after, f)));
}

function isUniqueViolation(e: unknown): boolean {
  for (let cur = e as { code?: unknown; cause?: unknown } | undefined, depth = 0; cur && depth < 5; cur = cur.cause as typeof cur, depth++) {
    if (cur.code === "23505") return true;
  }
  return false;
}

const duplicateActive = () =>
  new AppError("conflict", "registry.errors.duplicate_active", { transaction: ["registry.errors.duplicate_active"] });

async function assertNoOtherActive(tx: Executor, v: { institutionId: string; environment: Endpoint["environment"]; transaction: Endpoint["transaction"] }, exceptId?: string) {
  const [other] = await tx
    .select({ id: endpoints.id })
    .from(endpoints)
    .where(
      and(
        eq(endpoints.institutionId, v.institutionId),
        eq(endpoints.environment, v.environment),
        eq(endpoints.transaction, v.transaction),
        eq(endpoints.status, "active"),
        exceptId ? ne(endpoints.id, exceptId) : undefined,
      ),
    );
  if (other) throw duplicateActive();
}

const centralForbidden = () => new AppError("forbidden", "registry.errors.central_forbidden", { central: ["registry.errors.central_forbidden"] });

function checkVendor(principal: Principal, institutionVendor: string | null, vendorCode: string) {
  if (!mayChooseAnyVendor(principal) && institutionVendor !== null && institutionVendor !== vendorCode) {
    throw new AppError("validation", "registry.v.vendor_mismatch", { vendorCode: ["registry.v.vendor_mismatch"] });
  }
}

export async function createEndpoint(db: Db, opts: { principal: Principal; values: EndpointValues; now: Date; requestId?: string }): Promise<Endpoint> {
  const { principal, values, now } = opts;
  const ref = await getInstitutionRef(db, values.institutionId);
  if (!ref) throw new AppError("validation", "registry.v.institution_required", { institutionId: ["registry.v.institution_required"] });
  if (!mayWriteEndpoint(principal, ref)) throw new AppError("forbidden", "registry.errors.out_of_scope");
  checkVendor(principal, ref.vendorCode, values.vendorCode);
  if (values.central && !mayMarkCentral(principal, values.vendorCode)) throw centralForbidden();
  const actor = principalAuditActor(principal);
  try {
    return await db.transaction(async (tx) => {
      const at = await stampDirectoryChange(tx, now);
      if (values.status === "active") await assertNoOtherActive(tx, values);
      const [row] = await tx
        .insert(endpoints)
        .values({ ...values, central: values.central ?? false, version: 1, createdAt: at, updatedAt: at })
        .returning();
      const snapshot = snapshotOf(row);
      await tx.insert(endpointVersions).values({ endpointId: row.id, version: 1, at, actorUserId: actor.userId, actorLabel: actor.label, snapshot });
      await recordAudit(tx, { actor, action: "endpoint.create", entityType: "endpoint", entityId: row.id, institutionId: row.institutionId, after: snapshot, requestId: opts.requestId });
      return row;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateActive();
    throw e;
  }
}

export type UpdateResult = { endpoint: Endpoint; changed: TrackedField[] };

/**
 * Replaces the changeable fields. `expectedVersion` (from an ETag/If-Match or the edit form)
 * refuses to overwrite someone else's change. No change, no new version.
 */
export async function updateEndpoint(
  db: Db,
  opts: { principal: Principal; id: string; values: EndpointValues; expectedVersion?: number; now: Date; requestId?: string },
): Promise<UpdateResult> {
  const { principal, now } = opts;
  const actor = principalAuditActor(principal);
  try {
    return await db.transaction(async (tx) => {
      const at = await stampDirectoryChange(tx, now);
      const [current] = await tx.select().from(endpoints).where(eq(endpoints.id, opts.id)).for("update");
      if (!current) throw new AppError("not_found");
      const ref = await getInstitutionRef(tx, current.institutionId);
      if (!ref) throw new AppError("not_found");
      if (!mayWriteEndpoint(principal, ref)) {
        // Outside what the caller may read, an endpoint does not exist for them.
        throw scopeCovers(readScope(principal), ref) ? new AppError("forbidden", "registry.errors.out_of_scope") : new AppError("not_found");
      }
      if (opts.values.institutionId !== current.institutionId) {
        throw new AppError("validation", "registry.v.institution_change", { institutionId: ["registry.v.institution_change"] });
      }
      if (opts.expectedVersion !== undefined && opts.expectedVersion !== current.version) {
        throw new AppError("conflict", "registry.errors.version_mismatch");
      }
      if (opts.values.vendorCode !== current.vendorCode) checkVendor(principal, ref.vendorCode, opts.values.vendorCode);
      // Left out, the flag stays; a central component that changes vendor (or stops being central) needs the right for both.
      const values = { ...opts.values, central: opts.values.central ?? current.central };
      if (values.central !== current.central || (values.central && values.vendorCode !== current.vendorCode)) {
        if ((current.central && !mayMarkCentral(principal, current.vendorCode)) || (values.central && !mayMarkCentral(principal, values.vendorCode))) throw centralForbidden();
      }
      const before = snapshotOf(current);
      const candidate = snapshotOf({ ...current, ...values });
      const changed = diffSnapshots(before, candidate);
      if (changed.length === 0) return { endpoint: current, changed };
      if (values.status === "active") await assertNoOtherActive(tx, values, current.id);
      const [row] = await tx
        .update(endpoints)
        .set({ ...values, version: current.version + 1, updatedAt: at })
        .where(eq(endpoints.id, current.id))
        .returning();
      const snapshot = snapshotOf(row);
      await tx.insert(endpointVersions).values({ endpointId: row.id, version: row.version, at, actorUserId: actor.userId, actorLabel: actor.label, snapshot });
      const pick = (s: EndpointSnapshot) => Object.fromEntries(changed.map((f) => [f, s[f]]));
      await recordAudit(tx, {
        actor,
        action: "endpoint.update",
        entityType: "endpoint",
        entityId: row.id,
        institutionId: row.institutionId,
        before: { version: current.version, ...pick(before) },
        after: { version: row.version, ...pick(snapshot) },
        requestId: opts.requestId,
      });
      return { endpoint: row, changed };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateActive();
    throw e;
  }
}
