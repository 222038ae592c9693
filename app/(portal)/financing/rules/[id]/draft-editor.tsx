"use client";
import { useState, type ReactNode } from "react";
import type { RuleSetFormInput } from "@/lib/validation/financing";
import { DraftActions } from "../draft-buttons";
import { RuleSetForm } from "./rule-set-form";

/**
 * The draft form, the (server-rendered) what-if preview and the publish buttons share the
 * draft's revision: publishing right after a save must use the saved revision, not wait for
 * the page to re-render.
 */
export function DraftEditor(props: { id: string; revision: number; version: number; effectiveFrom: string; defaults: RuleSetFormInput; stepCodes: string[]; preview: ReactNode }) {
  const [revision, setRevision] = useState(props.revision);
  const [saving, setSaving] = useState(false);
  return (
    <>
      <RuleSetForm id={props.id} revision={revision} onSaved={setRevision} onBusy={setSaving} defaults={props.defaults} stepCodes={props.stepCodes} />
      {props.preview}
      <DraftActions id={props.id} revision={revision} disabled={saving} version={props.version} effectiveFrom={props.effectiveFrom} />
    </>
  );
}
