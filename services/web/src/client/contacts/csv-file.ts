import Papa from "papaparse";

export interface CsvFile {
  name: string;
  headers: string[];
  /** Data rows (the header row taken off), as cells. */
  rows: string[][];
}

/** Reads a CSV file in the browser: the first row is the header; blank lines are skipped. */
export function readCsv(file: File): Promise<CsvFile> {
  return new Promise((resolve, reject) => {
    Papa.parse<string[]>(file, {
      skipEmptyLines: "greedy",
      complete: (result) => {
        const [headers, ...rows] = result.data;
        if (!headers) reject(new Error("The file is empty."));
        else resolve({ name: file.name, headers: headers.map((h) => h.trim()), rows });
      },
      error: (error) => reject(error),
    });
  });
}
