/**
 * The progress CSV: one row per institution, its readiness and every step's state and dates. Pure.
 * Dutch, like its column names: phases, preconditions and states in the words of the nl messages.
 */
import { diffInDays, toAmsterdamDate, type IsoDate } from "@/lib/domain/dates";
import { phaseLabel, preconditionLabel, stepStateLabel } from "@/lib/domain/onboarding-texts";
import { PHASE_CODES, STEP_STATES, type PhaseCode, type StepState } from "@/lib/domain/readiness";
import { PRECONDITION_CODES, STEP_CATALOGUE, type PreconditionCode } from "@/lib/domain/steps";
import { VENDOR_LABELS, isVendor } from "@/lib/domain/vendors";
import { toSafeCsv } from "@/lib/csv";
import { INSTITUTION_KIND_LABELS, PROVINCES, type InstitutionKind, type ProvinceCode } from "@/lib/validation/identifiers";

type InstitutionRow = Record<string, unknown>;
type StepRow = { institution_id: string; step_code: string; state: string; completed_on: string | null; at: string | Date | null };

export const PROGRESS_CSV_BASE_HEADERS = ["naam", "ura", "soort", "provincie", "plaats", "leverancier", "fase", "in_fase_sinds", "dagen_in_fase", "gereedheid_procent", "blokkerende_randvoorwaarde", "live", "wacht_op_verificatie"] as const;

export function progressCsvHeaders(): string[] {
  return [...PROGRESS_CSV_BASE_HEADERS, ...STEP_CATALOGUE.flatMap((s) => [`${s.code}_status`, `${s.code}_datum`, `${s.code}_vastgelegd`])];
}

const isOneOf = (codes: readonly string[], v: unknown): boolean => typeof v === "string" && codes.includes(v);

const dateOf = (v: string | Date | null) => (v === null ? null : v instanceof Date ? toAmsterdamDate(v) : /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : toAmsterdamDate(new Date(v)));

export function buildProgressCsv({ institutions, steps, day }: { institutions: readonly InstitutionRow[]; steps: readonly StepRow[]; day: IsoDate }): string {
  const byInst = new Map<string, Map<string, StepRow>>();
  for (const s of steps) {
    let m = byInst.get(s.institution_id);
    if (!m) byInst.set(s.institution_id, (m = new Map()));
    m.set(s.step_code, s);
  }
  const rows = institutions.map((i) => {
    const started = (i.phase_started_on as string | null) ?? null;
    const vendor = i.vendor_code as string | null;
    const kind = i.kind as InstitutionKind;
    const province = i.province as ProvinceCode;
    const mine = byInst.get(String(i.id));
    return [
      String(i.name),
      String(i.ura),
      INSTITUTION_KIND_LABELS[kind]?.nl ?? kind,
      PROVINCES[province]?.nl ?? province,
      String(i.city ?? ""),
      isVendor(vendor) ? VENDOR_LABELS[vendor].name : null,
      isOneOf(PHASE_CODES, i.phase) ? phaseLabel(i.phase as PhaseCode, "nl") : String(i.phase),
      started,
      started ? Math.max(0, diffInDays(day, started)) : null,
      Number(i.percent ?? 0),
      isOneOf(PRECONDITION_CODES, i.blocking_precondition) ? preconditionLabel(i.blocking_precondition as PreconditionCode, "nl") : null,
      i.is_live ? "ja" : "nee",
      Number(i.awaiting_verification ?? 0),
      ...STEP_CATALOGUE.flatMap((s) => {
        const st = mine?.get(s.code);
        const state = (st?.state ?? "open") as StepState;
        return [isOneOf(STEP_STATES, state) ? stepStateLabel(state, "nl") : state, state === "open" ? null : (st?.completed_on ?? null), st?.at ? dateOf(st.at) : null];
      }),
    ];
  });
  return toSafeCsv(progressCsvHeaders(), rows);
}
