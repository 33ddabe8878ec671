import { useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, useRef, useState } from "react";
import { Link } from "react-router";
import { v1 } from "../api.js";
import { ErrorNote, PageHeader } from "../ui/page.js";
import { type CsvFile, readCsv } from "./csv-file.js";
import { type ColumnTarget, guessMapping } from "./import-mapping.js";
import { ImportMappingStep } from "./import-mapping-step.js";
import { ImportResults } from "./import-results.js";
import { type ImportProgress, runImport } from "./import-run.js";
import type { UpsertResult } from "./types.js";

/**
 * `/app/contacts/import`: pick a CSV, map its columns, check the preview, then send it in
 * chunks through `PUT /v1/contacts/upsert` and read what each row became.
 */
export function ImportPage() {
  const client = useQueryClient();
  const [csv, setCsv] = useState<CsvFile>();
  const [mapping, setMapping] = useState<ColumnTarget[]>([]);
  const [readError, setReadError] = useState<unknown>();
  const [progress, setProgress] = useState<ImportProgress>();
  const [running, setRunning] = useState(false);
  const cancelled = useRef(false);

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setReadError(undefined);
    setProgress(undefined);
    if (!file) return;
    try {
      const read = await readCsv(file);
      setCsv(read);
      setMapping(guessMapping(read.headers));
    } catch (caught) {
      setCsv(undefined);
      setReadError(caught);
    }
  };
  const start = async () => {
    if (!csv) return;
    cancelled.current = false;
    setRunning(true);
    setProgress({ sent: 0, total: csv.rows.length, created: 0, updated: 0, unchanged: 0, problems: [] });
    try {
      await runImport({
        rows: csv.rows,
        headers: csv.headers,
        mapping,
        send: async (contacts) =>
          (await v1.put<{ data: UpsertResult }>("/contacts/upsert", { contacts })).data,
        onProgress: setProgress,
        cancelled: () => cancelled.current,
      });
    } finally {
      setRunning(false);
      void client.invalidateQueries({ queryKey: ["contacts"] });
    }
  };

  return (
    <section className="page import-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/contacts">Contacts</Link>
      </nav>
      <PageHeader title="Import contacts" />
      <section className="card" aria-labelledby="file-title">
        <h2 id="file-title">1. Choose a CSV file</h2>
        <label className="field">
          CSV file
          <input type="file" accept=".csv,text/csv" onChange={pick} disabled={running} />
        </label>
        <p className="hint">
          The first row names the columns. A row is matched to a contact by its external id, phone or email,
          so importing the same file again updates rather than duplicates.
        </p>
        <ErrorNote error={readError} />
      </section>
      {csv && (
        <ImportMappingStep
          csv={csv}
          mapping={mapping}
          onMapping={setMapping}
          onStart={start}
          disabled={running}
        />
      )}
      {progress && (
        <ImportResults
          progress={progress}
          running={running}
          onCancel={() => {
            cancelled.current = true;
          }}
        />
      )}
    </section>
  );
}
