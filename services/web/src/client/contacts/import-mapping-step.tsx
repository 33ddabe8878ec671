import type { CsvFile } from "./csv-file.js";
import {
  type ColumnTarget,
  chooseTarget,
  FIELD_TARGETS,
  hasKeyColumn,
  propertyKey,
  rowToContact,
  type UpsertRow,
} from "./import-mapping.js";
import { csvRowNumber } from "./import-outcomes.js";
import { SelectField } from "./select-field.js";

const PREVIEW_ROWS = 5;

/** The choices for one column: the fields, its own property, or ignore. */
function choicesFor(header: string) {
  const key = propertyKey(header);
  return [...FIELD_TARGETS, { id: `properties.${key}` as ColumnTarget, label: `Property “${key}”` }];
}

/** A row as it will be sent, one cell per kind of value. */
function previewCells(row: UpsertRow): Array<[string, string]> {
  const cells: Array<[string, string]> = [];
  for (const { id, label } of FIELD_TARGETS) {
    if (id === "ignore" || id === "tags") continue;
    if (typeof row[id] === "string") cells.push([label, row[id] as string]);
  }
  if (row.tags) cells.push(["Tags", row.tags.join(", ")]);
  for (const [key, value] of Object.entries(row.properties ?? {})) cells.push([key, value]);
  return cells;
}

export function ImportMappingStep({
  csv,
  mapping,
  onMapping,
  onStart,
  disabled,
}: {
  csv: CsvFile;
  mapping: ColumnTarget[];
  onMapping: (mapping: ColumnTarget[]) => void;
  onStart: () => void;
  disabled: boolean;
}) {
  const preview = csv.rows.slice(0, PREVIEW_ROWS).map((cells) => rowToContact(cells, mapping));
  const keyed = hasKeyColumn(mapping);
  const columns = csv.headers.map((header, position) => ({ header, position, id: `${position}:${header}` }));
  return (
    <>
      <section className="card" aria-labelledby="mapping-title">
        <h2 id="mapping-title">2. Match the columns</h2>
        <p className="hint">
          {csv.name}: {csv.rows.length.toLocaleString()} rows. Tags may be several in a cell, split by commas.
          Empty cells leave the contact's value as it is.
        </p>
        <div className="table-scroll">
          <table className="data-table mapping-table">
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">First values</th>
                <th scope="col">Goes to</th>
              </tr>
            </thead>
            <tbody>
              {columns.map(({ header, position: column, id }) => (
                <tr key={id}>
                  <th scope="row">{header || `(column ${column + 1})`}</th>
                  <td className="hint">
                    {csv.rows
                      .slice(0, 3)
                      .map((cells) => cells[column] ?? "")
                      .filter(Boolean)
                      .join(" · ")}
                  </td>
                  <td>
                    <SelectField
                      label={`Column ${header || column + 1} goes to`}
                      className="label-hidden"
                      choices={choicesFor(header)}
                      value={mapping[column] ?? "ignore"}
                      onChange={(target) => onMapping(chooseTarget(mapping, column, target))}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="preview-title">
        <h2 id="preview-title">3. Check the first rows</h2>
        <ol className="preview-rows">
          {preview.map((row, index) => (
            <li key={csvRowNumber(index)}>
              <span className="preview-row-number">Row {csvRowNumber(index)}</span>
              <dl>
                {previewCells(row).map(([label, value]) => (
                  <div key={label}>
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
            </li>
          ))}
        </ol>
        {!keyed && (
          <p className="form-error" role="alert">
            Choose a phone, email or external id column: the API matches rows to contacts by one of them.
          </p>
        )}
        <button type="button" className="primary" disabled={disabled || !keyed} onClick={onStart}>
          Import {csv.rows.length.toLocaleString()} rows
        </button>
      </section>
    </>
  );
}
