"use client";
/**
 * The audience controls of a form (issue 18 §2, §3): the roles as a fieldset of checkboxes, then a
 * grid of selects that narrow by institution facts ("any" first). The announcement form and the
 * event form share them; each passes its own ids, field names and texts.
 */
import type { UseFormRegisterReturn } from "react-hook-form";
import type { Choice } from "./audience";
import { SelectField } from "./form-bits";

export function AudienceFields<N extends string>({
  idPrefix,
  hintId,
  legend,
  hint,
  anyLabel,
  roles,
  selects,
  register,
  error,
}: {
  /** The ids are `${idPrefix}-roles-error` and `${idPrefix}-${name}` per select. */
  idPrefix: string;
  hintId: string;
  legend: string;
  hint: string;
  anyLabel: string;
  roles: readonly Choice[];
  /** Field name, label and options of each select, in order. */
  selects: readonly (readonly [N, string, readonly Choice[]])[];
  register: (name: N | "roles") => UseFormRegisterReturn;
  error: (name: N | "roles") => string | undefined;
}) {
  const rolesError = error("roles");
  const rolesErrorId = `${idPrefix}-roles-error`;
  return (
    <>
      <fieldset className="field" aria-describedby={[hintId, rolesError ? rolesErrorId : null].filter(Boolean).join(" ")}>
        <legend>{legend}</legend>
        <span className="hint" id={hintId}>
          {hint}
        </span>
        {rolesError && (
          <span className="error" id={rolesErrorId}>
            {rolesError}
          </span>
        )}
        {roles.map(([v, l]) => (
          <label key={v} style={{ display: "block" }}>
            <input type="checkbox" value={v} {...register("roles")} /> {l}
          </label>
        ))}
      </fieldset>
      <div className="grid">
        {selects.map(([name, label, options]) => (
          <SelectField key={name} id={`${idPrefix}-${name}`} label={label} error={error(name)} {...register(name)}>
            <option value="">{anyLabel}</option>
            {options.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </SelectField>
        ))}
      </div>
    </>
  );
}
