import { CHANNEL_LABEL } from "../format.js";
import { SelectField } from "../ui/select-field.js";
import { FOLDERS, TYPES, useInboxFilters } from "./filters.js";
import { useTeams } from "./queries.js";

/** The sidebar's folders, channel types and team while the inbox is open. */
export function InboxFolders() {
  const { folder, type, team, set } = useInboxFilters();
  const teams = useTeams();
  return (
    <section className="subnav" aria-label="Inbox filters">
      <p className="nav-title">Folders</p>
      {FOLDERS.map((item) => (
        <button
          type="button"
          key={item.id}
          className={`nav-item${folder === item.id ? " active" : ""}`}
          aria-pressed={folder === item.id}
          onClick={() => set({ folder: item.id === "open" ? undefined : item.id, q: undefined })}
        >
          {item.label}
        </button>
      ))}
      <p className="nav-title">Channel</p>
      {TYPES.map((value) => (
        <button
          type="button"
          key={value || "all"}
          className={`nav-item${type === value ? " active" : ""}`}
          aria-pressed={type === value}
          onClick={() => set({ type: value })}
        >
          {value ? CHANNEL_LABEL[value] : "All channels"}
        </button>
      ))}
      <div className="team-filter">
        <SelectField
          label="Team"
          placeholder="All teams"
          value={team}
          onChange={(id) => set({ team: id })}
          options={[
            { id: "", label: "All teams" },
            ...(teams.data?.data ?? []).map((t) => ({ id: t.id, label: t.name })),
          ]}
        />
      </div>
    </section>
  );
}
