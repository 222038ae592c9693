"use client";
/**
 * A labelled filter select of a plain GET form. A client component only so that its options reach
 * the page as data (`[value, label]` pairs) instead of one element each in the RSC payload: it is
 * rendered on the server like any other, and works without JavaScript. See CONVENTIONS, "Markup
 * that repeats over data".
 */
export function FilterSelect({ id, name, label, value, all, options }: { id?: string; name: string; label: string; value?: string; all?: string; options: readonly (readonly [string, string])[] }) {
  const htmlId = `f-${id ?? name}`;
  return (
    <div className="field">
      <label htmlFor={htmlId}>{label}</label>
      <select id={htmlId} name={name} defaultValue={value ?? ""}>
        {all !== undefined && <option value="">{all}</option>}
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}
