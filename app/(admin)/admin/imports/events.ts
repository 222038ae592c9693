/** The lines the commit route streams (./commit/route.ts) and the form reads (./import-form.tsx). */
export type ImportEvent =
  | { type: "progress"; phase: "checking" }
  | { type: "progress"; phase: "writing"; done: number; total: number }
  | { type: "done"; created: number; updated: number }
  | { type: "error"; message: string };
