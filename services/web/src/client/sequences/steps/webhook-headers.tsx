import { useEffect, useState } from "react";
import { TextInput } from "../fields.js";
import type { StepFormProps } from "./kind.js";
import { type HeaderRow, headersToRows, rowsToHeaders } from "./webhook-values.js";

/** A webhook's headers as name/value rows; the API's 422 on `headers.<name>` shows at its row. */
export function HeaderRows({ step, change, problem }: StepFormProps) {
  const [rows, setRows] = useState<HeaderRow[]>(() => headersToRows(step.headers));
  const sent = JSON.stringify(step.headers ?? {});
  // Only an outside change (a type switch, a reload) replaces the rows being typed.
  useEffect(() => {
    setRows((current) =>
      JSON.stringify(rowsToHeaders(current) ?? {}) === sent ? current : headersToRows(JSON.parse(sent)),
    );
  }, [sent]);
  const update = (next: HeaderRow[]) => {
    setRows(next);
    change({ headers: rowsToHeaders(next) });
  };
  const setRow = (index: number, row: HeaderRow) => update(rows.map((old, i) => (i === index ? row : old)));
  return (
    <fieldset className="rules wide">
      <legend>Headers</legend>
      {rows.map((row, r) => {
        const error = row.name.trim() ? problem(`headers.${row.name.trim()}`) : undefined;
        return (
          // A row is its place until it has a name (names may be blank or repeated while typing).
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <div className="rule header-row" key={r}>
            <TextInput
              label={`Header ${r + 1} name`}
              value={row.name}
              onChange={(name) => setRow(r, { ...row, name: name ?? "" })}
              error={error}
              placeholder="X-Api-Key"
            />
            <TextInput
              label={`Header ${r + 1} value`}
              value={row.value}
              onChange={(value) => setRow(r, { ...row, value: value ?? "" })}
            />
            <button
              type="button"
              className="link danger"
              onClick={() => update(rows.filter((_, i) => i !== r))}
            >
              Remove header {r + 1}
            </button>
          </div>
        );
      })}
      <button type="button" className="secondary" onClick={() => update([...rows, { name: "", value: "" }])}>
        Add a header
      </button>
      {problem("headers") && !rows.some((row) => problem(`headers.${row.name.trim()}`)) && (
        <span className="field-error">{problem("headers")}</span>
      )}
    </fieldset>
  );
}
