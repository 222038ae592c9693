/**
 * The financing rule set versions in the database: reading them as lib/domain rule sets, and
 * the admin's draft -> publish cycle. Each user action is one transaction with its audit event.
 * Callers check permissions first ("financing.manage"); these functions enforce the rules:
 * one draft at a time, only drafts change, a stale form is refused, and a version is valid
 * (lib/domain validateRuleSet against the published versions) before it is saved or published.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { preparedQuery } from "@/db/prepared-query";
import { financingRuleSets, type FinancingRuleSetRow } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { addDays, getMonthStart, type IsoDate } from "@/lib/domain/dates";
import { DEFAULT_FINANCING_RULE_SETS, ruleSetErrorText, validateRuleSet, type FinancingRuleSet, type RuleSetErrorCode, type RuleSetErrorParams } from "@/lib/domain/financing";
import { AppError } from "@/lib/errors";
import { translator, type Locale } from "@/lib/i18n/messages";
import { changeNoteRequired, definitionToRuleSet, formToRuleSet, ruleSetToDefinition, type RuleSetFormValues } from "@/lib/validation/financing";

export function rowToRuleSet(row: Pick<FinancingRuleSetRow, "version" | "effectiveFrom" | "effectiveUntil" | "reviewDate" | "changeNote" | "definition">): FinancingRuleSet {
  return definitionToRuleSet(row);
}

export async function listRuleSetRows(db: Executor): Promise<FinancingRuleSetRow[]> {
  return db.select().from(financingRuleSets).orderBy(desc(financingRuleSets.version));
}

export async function getRuleSetRow(db: Executor, id: string): Promise<FinancingRuleSetRow | null> {
  const [row] = await db.select().from(financingRuleSets).where(eq(financingRuleSets.id, id));
  return row ?? null;
}

const publishedRuleSetsQuery = preparedQuery((db) => db.select().from(financingRuleSets).where(eq(financingRuleSets.status, "published")).orderBy(asc(financingRuleSets.version)).prepare("published_rule_sets"));

/** The published versions, oldest first: what eligibility is computed with. */
export async function loadPublishedRuleSets(db: Executor): Promise<FinancingRuleSet[]> {
  const rows = await publishedRuleSetsQuery(db).execute();
  return rows.map(rowToRuleSet);
}

/**
 * Validation problems as codes (financing.rule_errors.<code>): one AppError for all of them.
 * errorText (lib/i18n) asks `text(locale)` for its message; `inLanguage(locale)` gives the error
 * with every problem in words as a field error (`problem.0`, `problem.1`, ...) so a form can
 * list them all (dates and vendor names in a problem are worded per language, so the words are
 * made at the edge, where the language is known).
 */
export class RuleSetInvalidError extends AppError {
  constructor(public readonly problems: { code: RuleSetErrorCode; params?: RuleSetErrorParams }[]) {
    super("validation", problems.length === 1 ? `financing.rule_errors.${problems[0].code}` : "financing.rule_errors_count", undefined, problems.length === 1 ? undefined : { count: problems.length });
  }

  text(locale: Locale): string {
    return this.problems.length === 1 ? ruleSetErrorText(this.problems[0], locale) : translator(locale)("financing.rule_errors_count", { count: this.problems.length });
  }

  inLanguage(locale: Locale): AppError {
    return new AppError("validation", this.text(locale), Object.fromEntries(this.problems.map((p, i) => [`problem.${i}`, [ruleSetErrorText(p, locale)]])));
  }
}

function checkAgainstPublished(candidate: FinancingRuleSet, published: FinancingRuleSet[]) {
  const errors = validateRuleSet({ ruleSet: candidate, otherRuleSets: published.filter((p) => p.version !== candidate.version) });
  if (errors.length > 0) throw new RuleSetInvalidError(errors);
}

/** The proposal from DOMAIN.md, published as version 1 when no version exists at all. */
export async function ensureDefaultFinancingRuleSets(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(financingRuleSets);
    if (n > 0) return 0;
    for (const rs of DEFAULT_FINANCING_RULE_SETS) {
      // Like the step catalogue (lib/database.ts), this is configuration the code ships, not a user's change: no audit event.
      await tx
        .insert(financingRuleSets)
        .values({
          version: rs.version,
          status: "published",
          effectiveFrom: rs.effectiveFrom,
          effectiveUntil: rs.effectiveUntil,
          reviewDate: rs.reviewDate,
          definition: ruleSetToDefinition(rs),
          changeNote: rs.changeNote?.nl ?? "",
          publishedAt: new Date(),
        })
        .onConflictDoNothing();
    }
    return DEFAULT_FINANCING_RULE_SETS.length;
  });
}

/** First day of the month after `today`, and after the latest published start. */
export function defaultDraftStart({ today, latestFrom }: { today: IsoDate; latestFrom: IsoDate | null }): IsoDate {
  const [y, m] = today.split("-").map(Number);
  let start = m === 12 ? getMonthStart(y + 1, 1) : getMonthStart(y, m + 1);
  if (latestFrom && start <= latestFrom) {
    const [ly, lm] = addDays(latestFrom, 1).split("-").map(Number);
    start = lm === 12 ? getMonthStart(ly + 1, 1) : getMonthStart(ly, lm + 1);
  }
  return start;
}

/** A new draft, copied from the latest published version (or the proposal when there is none). */
export async function createDraft(db: Db, opts: { actor: AuditActor; today: IsoDate }): Promise<FinancingRuleSetRow> {
  return db.transaction(async (tx) => {
    // Serialise concurrent "new draft" clicks; the partial unique index is the final guard.
    await tx.execute(sql`select pg_advisory_xact_lock(727008)`);
    const rows = await tx.select().from(financingRuleSets).orderBy(desc(financingRuleSets.version));
    if (rows.some((r) => r.status === "draft")) throw new AppError("conflict", "financing.draft_exists_error");
    const latest = rows.find((r) => r.status === "published") ?? null;
    const base = latest ? rowToRuleSet(latest) : DEFAULT_FINANCING_RULE_SETS[DEFAULT_FINANCING_RULE_SETS.length - 1];
    const version = (rows[0]?.version ?? 0) + 1;
    const [row] = await tx
      .insert(financingRuleSets)
      .values({
        version,
        status: "draft",
        effectiveFrom: defaultDraftStart({ today: opts.today, latestFrom: latest?.effectiveFrom ?? null }),
        effectiveUntil: null,
        reviewDate: base.reviewDate,
        definition: ruleSetToDefinition(base),
        changeNote: "",
        createdBy: opts.actor.userId,
        updatedBy: opts.actor.userId,
      })
      .returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: "financing.draft_created",
      entityType: "financing_rule_set",
      entityId: row.id,
      after: { version, basedOn: latest?.version ?? null, effectiveFrom: row.effectiveFrom },
    });
    return row;
  });
}

async function lockDraft(tx: Executor, id: string, expectedRevision: number) {
  const [row] = await tx.select().from(financingRuleSets).where(eq(financingRuleSets.id, id)).for("update");
  if (!row) throw new AppError("not_found");
  if (row.status !== "draft") throw new AppError("conflict", "financing.not_a_draft");
  if (row.revision !== expectedRevision) throw new AppError("conflict", "errors.conflict");
  return row;
}

async function publishedExcept(tx: Executor, id: string) {
  const rows = await tx.select().from(financingRuleSets).where(and(eq(financingRuleSets.status, "published"), sql`${financingRuleSets.id} <> ${id}`));
  return rows.map(rowToRuleSet);
}

export async function saveDraft(
  db: Db,
  opts: { actor: AuditActor; id: string; expectedRevision: number; values: RuleSetFormValues; now: Date },
): Promise<FinancingRuleSetRow> {
  return db.transaction(async (tx) => {
    const row = await lockDraft(tx, opts.id, opts.expectedRevision);
    const candidate = formToRuleSet(opts.values, { version: row.version });
    checkAgainstPublished(candidate, await publishedExcept(tx, row.id));
    const [saved] = await tx
      .update(financingRuleSets)
      .set({
        effectiveFrom: candidate.effectiveFrom,
        effectiveUntil: candidate.effectiveUntil,
        reviewDate: candidate.reviewDate,
        definition: ruleSetToDefinition(candidate),
        changeNote: opts.values.changeNote,
        revision: row.revision + 1,
        updatedBy: opts.actor.userId,
        updatedAt: opts.now,
      })
      .where(eq(financingRuleSets.id, row.id))
      .returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: "financing.draft_saved",
      entityType: "financing_rule_set",
      entityId: row.id,
      before: { effectiveFrom: row.effectiveFrom, effectiveUntil: row.effectiveUntil, reviewDate: row.reviewDate, changeNote: row.changeNote, definition: row.definition },
      after: { effectiveFrom: saved.effectiveFrom, effectiveUntil: saved.effectiveUntil, reviewDate: saved.reviewDate, changeNote: saved.changeNote, definition: saved.definition },
    });
    return saved;
  });
}

export async function publishDraft(db: Db, opts: { actor: AuditActor; id: string; expectedRevision: number; now: Date }): Promise<FinancingRuleSetRow> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727008)`);
    const row = await lockDraft(tx, opts.id, opts.expectedRevision);
    const candidate = rowToRuleSet(row);
    const problems: { code: RuleSetErrorCode; params?: RuleSetErrorParams }[] = [];
    if (!changeNoteRequired(row.changeNote)) problems.push({ code: "change_note_required" });
    problems.push(...validateRuleSet({ ruleSet: candidate, otherRuleSets: await publishedExcept(tx, row.id) }));
    if (problems.length > 0) throw new RuleSetInvalidError(problems);
    const [published] = await tx
      .update(financingRuleSets)
      .set({ status: "published", publishedAt: opts.now, publishedBy: opts.actor.userId, revision: row.revision + 1, updatedAt: opts.now, updatedBy: opts.actor.userId })
      .where(eq(financingRuleSets.id, row.id))
      .returning();
    await recordAudit(tx, {
      actor: opts.actor,
      action: "financing.published",
      entityType: "financing_rule_set",
      entityId: row.id,
      after: { version: row.version, effectiveFrom: row.effectiveFrom, effectiveUntil: row.effectiveUntil, reviewDate: row.reviewDate, changeNote: row.changeNote, definition: row.definition },
    });
    return published;
  });
}

export async function deleteDraft(db: Db, opts: { actor: AuditActor; id: string; expectedRevision: number }): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockDraft(tx, opts.id, opts.expectedRevision);
    await tx.delete(financingRuleSets).where(eq(financingRuleSets.id, row.id));
    await recordAudit(tx, {
      actor: opts.actor,
      action: "financing.draft_deleted",
      entityType: "financing_rule_set",
      entityId: row.id,
      before: { version: row.version, effectiveFrom: row.effectiveFrom, changeNote: row.changeNote, definition: row.definition },
    });
  });
}

/** The version in effect on `date` (the latest start on or before it, not ended). */
export function ruleSetInForce(ruleSets: readonly FinancingRuleSet[], date: IsoDate): FinancingRuleSet | null {
  let best: FinancingRuleSet | null = null;
  for (const rs of ruleSets) {
    if (rs.effectiveFrom > date || (rs.effectiveUntil !== null && rs.effectiveUntil < date)) continue;
    if (!best || rs.effectiveFrom > best.effectiveFrom) best = rs;
  }
  return best;
}
