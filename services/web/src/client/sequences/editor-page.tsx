import type { Sequence } from "@relay/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import {
  Button,
  Menu,
  MenuItem,
  MenuTrigger,
  Popover,
  Tab,
  TabList,
  TabPanel,
  Tabs,
} from "react-aria-components";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { type ApiError, errorStatus, v1 } from "../api.js";
import { ErrorNote, PageHeader } from "../ui/page.js";
import { Enrollments } from "./enrollments.js";
import {
  DEFAULT_SETTINGS,
  moveStep,
  newUid,
  renameKey,
  type SaveProblems,
  type SequenceDraft,
  type StepType,
  sequenceFromApi,
  sequenceToBody,
  sortProblems,
  uniqueKey,
} from "./form.js";
import { Runs } from "./runs.js";
import { SequenceFields, SettingsForm } from "./settings-form.js";
import { SigningSecretCard } from "./signing-secret.js";
import { StatusPill } from "./status.js";
import { StepCard } from "./step-card.js";
import { STEP_KINDS, stepKind } from "./steps/index.js";

const TABS = ["steps", "settings", "contacts", "runs"] as const;
type TabId = (typeof TABS)[number];

function blankDraft(): SequenceDraft {
  return {
    title: "",
    channel_id: "",
    steps: [{ uid: newUid(), key: "send_1", type: "send" }],
    settings: { ...DEFAULT_SETTINGS, triggers: [] },
  };
}

/** `/sequences/:id` (and `/sequences/new`): the step editor, settings, enrollments and runs. */
export function SequenceEditorPage() {
  const { id } = useParams();
  const isNew = id === undefined;
  const sequence = useQuery({
    queryKey: ["sequence", id],
    queryFn: () => v1.get<{ data: Sequence }>(`/sequences/${id}`).then((r) => r.data),
    enabled: !isNew,
  });
  if (!isNew && sequence.isPending) return <section className="page">Loading…</section>;
  if (!isNew && sequence.isError)
    return (
      <section className="page">
        <PageHeader title={errorStatus(sequence.error) === 404 ? "Sequence not found" : "Sequence"} />
        <ErrorNote error={sequence.error} />
        <Link to="/sequences">All sequences</Link>
      </section>
    );
  // A new draft for each version read: a save answers the version it wrote.
  return (
    <Editor
      key={sequence.data ? `${sequence.data.id}:${sequence.data.version}` : "new"}
      saved={sequence.data}
    />
  );
}

function Editor({ saved }: { saved: Sequence | undefined }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab: TabId = TABS.find((t) => t === params.get("tab")) ?? "steps";
  const [draft, setDraft] = useState<SequenceDraft>(() => (saved ? sequenceFromApi(saved) : blankDraft()));
  const [problems, setProblems] = useState<SaveProblems | null>(null);
  const savedBody = useMemo(
    () => JSON.stringify(saved ? sequenceToBody(sequenceFromApi(saved)) : null),
    [saved],
  );
  const dirty = JSON.stringify(sequenceToBody(draft)) !== savedBody;

  const save = useMutation({
    mutationFn: (body: ReturnType<typeof sequenceToBody>) =>
      saved
        ? v1.put<{ data: Sequence }>(`/sequences/${saved.id}`, body)
        : v1.post<{ data: Sequence }>("/sequences", body),
    onMutate: () => setProblems(null),
    onSuccess: ({ data }) => {
      client.setQueryData(["sequence", data.id], data);
      void client.invalidateQueries({ queryKey: ["sequences"] });
      if (!saved) navigate(`/sequences/${data.id}`, { replace: true });
    },
    onError: (error: ApiError, _body, _context) => {
      if (error.details)
        setProblems(
          sortProblems(
            error.details,
            draft.steps.map((s) => s.uid),
          ),
        );
    },
  });
  const lifecycle = useMutation({
    mutationFn: (action: "activate" | "archive") =>
      v1.post<{ data: Sequence }>(`/sequences/${saved?.id}/${action}`, {}),
    onSuccess: ({ data }) => {
      client.setQueryData(["sequence", data.id], data);
      void client.invalidateQueries({ queryKey: ["sequences"] });
    },
  });

  const setSteps = (steps: SequenceDraft["steps"]) => setDraft((d) => ({ ...d, steps }));
  const addStep = (type: StepType) =>
    setDraft((d) => ({
      ...d,
      steps: [...d.steps, { uid: newUid(), key: uniqueKey(d.steps, type), type, ...stepKind(type)?.blank() }],
    }));
  const stepProblemCount = problems
    ? [...problems.steps.values()].reduce((n, list) => n + list.length, 0)
    : 0;

  return (
    <section className="page seq-page sequence-editor">
      <PageHeader title={saved ? saved.title : "New sequence"}>
        {saved && <StatusPill status={saved.status} />}
        {saved && <span className="hint">Version {saved.version}</span>}
        {dirty && <span className="chip unsaved">Unsaved changes</span>}
        <button
          type="button"
          className="primary"
          disabled={save.isPending}
          onClick={() => save.mutate(sequenceToBody(draft))}
        >
          {saved ? "Save as new version" : "Create sequence"}
        </button>
        {saved && saved.status !== "active" && (
          <button type="button" className="secondary" onClick={() => lifecycle.mutate("activate")}>
            Activate
          </button>
        )}
        {saved?.status === "active" && (
          <button type="button" className="secondary" onClick={() => lifecycle.mutate("archive")}>
            Archive
          </button>
        )}
      </PageHeader>
      <p className="hint back">
        <Link to="/sequences">← All sequences</Link>
      </p>
      <div aria-live="polite">
        {save.isSuccess && !dirty && <p className="saved-note">Saved as version {save.data.data.version}.</p>}
        {save.isError && (
          <div className="form-error" role="alert">
            <p>
              {save.error.message}
              {stepProblemCount > 0 && ` (${stepProblemCount} on the steps, shown at each)`}
            </p>
            {problems && problems.other.length > 0 && (
              <ul>
                {problems.other.map((p) => (
                  <li key={p.field}>
                    {p.field}: {p.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <ErrorNote error={lifecycle.error} />
      </div>
      <Tabs
        selectedKey={saved ? tab : tab === "settings" ? "settings" : "steps"}
        onSelectionChange={(key) => {
          const next = new URLSearchParams();
          if (key !== "steps") next.set("tab", String(key));
          setParams(next);
        }}
      >
        <TabList aria-label="Sequence" className="tabs">
          <Tab id="steps" className="tab">
            Steps
          </Tab>
          <Tab id="settings" className="tab">
            Settings
          </Tab>
          {saved && (
            <Tab id="contacts" className="tab">
              Contacts
            </Tab>
          )}
          {saved && (
            <Tab id="runs" className="tab">
              Runs
            </Tab>
          )}
        </TabList>
        <TabPanel id="steps" className="tab-panel">
          <div className="card">
            <SequenceFields draft={draft} onChange={setDraft} error={save.error} />
          </div>
          <ol className="steps">
            {draft.steps.map((step, index) => (
              <li key={step.uid}>
                <StepCard
                  step={step}
                  index={index}
                  steps={draft.steps}
                  problems={problems?.steps.get(step.uid)}
                  onChange={(next) => setSteps(draft.steps.map((s) => (s.uid === step.uid ? next : s)))}
                  onRename={(from, to) => setSteps(renameKey(draft.steps, from, to))}
                  onMove={(delta) => setSteps(moveStep(draft.steps, index, index + delta))}
                  onRemove={() => setSteps(draft.steps.filter((s) => s.uid !== step.uid))}
                />
              </li>
            ))}
          </ol>
          <MenuTrigger>
            <Button className="secondary add-step">Add a step</Button>
            <Popover className="select-popover">
              <Menu className="select-list" onAction={(type) => addStep(type as StepType)}>
                {STEP_KINDS.map((kind) => (
                  <MenuItem className="select-item" key={kind.type} id={kind.type}>
                    {kind.label}
                  </MenuItem>
                ))}
              </Menu>
            </Popover>
          </MenuTrigger>
        </TabPanel>
        <TabPanel id="settings" className="tab-panel">
          <div className="card">
            <SettingsForm
              settings={draft.settings}
              onChange={(settings) => setDraft((d) => ({ ...d, settings }))}
              error={save.error}
            />
          </div>
          {saved && <SigningSecretCard sequenceId={saved.id} />}
        </TabPanel>
        {saved && (
          <TabPanel id="contacts" className="tab-panel">
            <Enrollments sequence={saved} />
          </TabPanel>
        )}
        {saved && (
          <TabPanel id="runs" className="tab-panel">
            <Runs sequence={saved} />
          </TabPanel>
        )}
      </Tabs>
    </section>
  );
}
