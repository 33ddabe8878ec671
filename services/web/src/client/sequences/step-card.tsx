import { useEffect, useState } from "react";
import { Choice } from "./fields.js";
import { type FieldProblem, problemAt, type StepDraft, type StepType, unplacedProblems } from "./form.js";
import { STEP_KINDS, stepKind } from "./steps/index.js";

const TYPE_OPTIONS = STEP_KINDS.map((kind) => ({ id: kind.type, label: kind.label }));

/** One step of the editor: its key, its type, its type's form, and the API's problems with it. */
export function StepCard(props: {
  step: StepDraft;
  index: number;
  steps: readonly StepDraft[];
  problems: readonly FieldProblem[] | undefined;
  onChange: (step: StepDraft) => void;
  onRename: (from: string, to: string) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { step, index, steps, problems } = props;
  const kind = stepKind(step.type);
  const number = index + 1;
  const [key, setKey] = useState(step.key);
  useEffect(() => setKey(step.key), [step.key]);
  const problem = (field: string) => problemAt(problems, field);
  const unplaced = unplacedProblems(problems, ["key", "type", ...(kind?.fields ?? [])]);
  const changeType = (type: StepType) => {
    const next = stepKind(type);
    if (next) props.onChange({ uid: step.uid, key: step.key, type, ...next.blank() });
  };
  const headingId = `${step.uid}-heading`;
  return (
    <section
      className={`card step-card${problems?.length ? " has-problems" : ""}`}
      aria-labelledby={headingId}
      data-step-key={step.key}
    >
      <header className="step-head">
        <h3 id={headingId}>
          <span className="step-number">{number}</span> {step.key || "(no key)"}
          <span className="step-type"> · {kind?.label ?? step.type}</span>
        </h3>
        <div className="step-actions">
          <button
            type="button"
            className="secondary small"
            aria-label={`Move step ${number} up`}
            disabled={index === 0}
            onClick={() => props.onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="secondary small"
            aria-label={`Move step ${number} down`}
            disabled={index === steps.length - 1}
            onClick={() => props.onMove(1)}
          >
            ↓
          </button>
          <button
            type="button"
            className="secondary small danger"
            aria-label={`Remove step ${number}`}
            onClick={props.onRemove}
          >
            Remove
          </button>
        </div>
      </header>
      {unplaced.length > 0 && (
        <div className="step-problems" role="alert">
          <ul>
            {unplaced.map((p) => (
              <li key={`${p.field}:${p.message}`}>
                {p.field ? `${p.field}: ` : "This step "}
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="form-grid step-fields">
        <div className="field">
          <label htmlFor={`${step.uid}-key`}>Step key</label>
          <input
            id={`${step.uid}-key`}
            value={key}
            aria-invalid={problem("key") ? true : undefined}
            aria-describedby={problem("key") ? `${step.uid}-key-error` : undefined}
            onChange={(e) => setKey(e.target.value)}
            onBlur={() => key !== step.key && props.onRename(step.key, key)}
          />
          {problem("key") && (
            <span className="field-error" id={`${step.uid}-key-error`}>
              {problem("key")}
            </span>
          )}
        </div>
        <Choice
          label="Type"
          value={step.type}
          options={TYPE_OPTIONS}
          onChange={(type) => type && changeType(type as StepType)}
          error={problem("type")}
        />
        {kind ? (
          <kind.Form
            step={step}
            steps={steps}
            change={(patch) => props.onChange({ ...step, ...patch })}
            problem={problem}
          />
        ) : (
          <p className="hint">This editor does not know {step.type} steps yet; saving keeps it as it is.</p>
        )}
      </div>
    </section>
  );
}
