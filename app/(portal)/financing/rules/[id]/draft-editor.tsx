"use client";
import { useState, type ReactNode } from "react";
import type { Messages } from "@/lib/i18n/messages";
import type { Vendor } from "@/lib/domain/vendors";
import type { RuleSetFormInput } from "@/lib/validation/financing";
import { DraftActions } from "../draft-buttons";
import { RuleSetForm } from "./rule-set-form";

/**
 * The draft form, the (server-rendered) what-if preview and the publish buttons share the
 * draft's revision: publishing right after a save must use the saved revision, not wait for
 * the page to re-render.
 */
export function DraftEditor(props: {
  t: Messages["financing"];
  id: string;
  revision: number;
  version: number;
  confirmText: string;
  defaults: RuleSetFormInput;
  steps: { code: string; title: string }[];
  vendorNames: Record<Vendor, string>;
  preview: ReactNode;
}) {
  const [revision, setRevision] = useState(props.revision);
  const [saving, setSaving] = useState(false);
  return (
    <>
      <RuleSetForm t={props.t} id={props.id} revision={revision} onSaved={setRevision} onBusy={setSaving} defaults={props.defaults} steps={props.steps} vendorNames={props.vendorNames} />
      {props.preview}
      <DraftActions t={props.t} id={props.id} revision={revision} disabled={saving} version={props.version} confirmText={props.confirmText} />
    </>
  );
}
