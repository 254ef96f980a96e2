/**
 * The template registry's storage: one row per template holding its draft
 * (text and a revision number that every save increments: the ETag), and
 * immutable published versions numbered 1, 2, 3 … per template, each in
 * force from its `effectiveFrom` date. Nothing here checks templates; the
 * caller passes the check that a publish needs.
 * @module
 */
import type { TemplateSummary, VersionSummary } from "../../schemas/generated/api.js";
import { writeAudit } from "./audit.js";
import type { Db } from "./open.js";

/**
 * A template's row.
 * @example
 * const t = getTemplate(db, "saas_growth"); t?.draftRevision; // 1
 */
export interface TemplateRecord {
  id: string;
  label?: string;
  industry?: string;
  stage?: string;
  draftSource: string;
  draftRevision: number;
  /** The what-if scenarios saved with the draft (API `Scenario`s, checked by the schema on the way in). */
  draftScenarios?: unknown[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  latestVersion: number | null;
  /** Set once the template is archived: it is out of the list and cannot change or be evaluated; its versions stay readable. */
  archived?: { at: string; by: string };
}

/**
 * A published version with its text.
 * @example
 * const v: VersionRecord = { version: 2, effectiveFrom: "2026-04-01", publishedAt, publishedBy: "alice", source };
 */
export interface VersionRecord extends VersionSummary {
  source: string;
}

/**
 * The metadata a template is stored with (derived from its header or its file's place).
 * @example
 * const m: TemplateMeta = { label: "SaaS 成长期", industry: "saas", stage: "growth" };
 */
export interface TemplateMeta {
  label?: string | undefined;
  industry?: string | undefined;
  stage?: string | undefined;
}

interface Row {
  id: string;
  label: string | null;
  industry: string | null;
  stage: string | null;
  draft_source: string;
  draft_revision: number;
  draft_scenarios: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  latest: number | null;
  archived_at: string | null;
  archived_by: string | null;
}

interface VersionRow {
  version: number;
  effective_from: string;
  published_at: string;
  published_by: string;
  source: string;
}

const SELECT = "SELECT t.*, (SELECT MAX(version) FROM template_versions v WHERE v.template_id = t.id) AS latest FROM templates t";

function record(r: Row): TemplateRecord {
  const t: TemplateRecord = {
    id: r.id,
    draftSource: r.draft_source,
    draftRevision: r.draft_revision,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    latestVersion: r.latest,
  };
  if (r.label !== null) t.label = r.label;
  if (r.industry !== null) t.industry = r.industry;
  if (r.stage !== null) t.stage = r.stage;
  if (r.draft_scenarios !== null) t.draftScenarios = JSON.parse(r.draft_scenarios) as unknown[];
  if (r.archived_at !== null) t.archived = { at: r.archived_at, by: r.archived_by ?? "" };
  return t;
}

const version = (r: VersionRow): VersionRecord => ({ version: r.version, effectiveFrom: r.effective_from, publishedAt: r.published_at, publishedBy: r.published_by, source: r.source });

/**
 * The list form of a template.
 * @example
 * summary(getTemplate(db, "saas_growth")!); // { id: "saas_growth", latestVersion: 1, … }
 */
export function summary(t: TemplateRecord): TemplateSummary {
  const s: TemplateSummary = { id: t.id, latestVersion: t.latestVersion, draftRevision: t.draftRevision, updatedAt: t.updatedAt };
  if (t.label !== undefined) s.label = t.label;
  if (t.industry !== undefined) s.industry = t.industry;
  if (t.stage !== undefined) s.stage = t.stage;
  if (t.archived) s.archived = { ...t.archived };
  return s;
}

/**
 * Every template, by id; archived ones only when asked for.
 * @example
 * listTemplates(db).map((t) => t.id);
 */
export function listTemplates(db: Db, o: { archived?: boolean } = {}): TemplateRecord[] {
  return (db.prepare(`${SELECT}${o.archived ? "" : " WHERE t.archived_at IS NULL"} ORDER BY t.id`).all() as Row[]).map(record);
}

/**
 * Archives a template: out of the list, closed to drafts, publishing and
 * evaluation; its row, versions and audit trail stay. `missing` when there is
 * no such template; archiving again changes nothing (`already`).
 * @example
 * archiveTemplate(db, { id: "old_plan", at, actor: "admin" }); // { kind: "archived", … }
 */
export function archiveTemplate(db: Db, r: { id: string; at: string; actor: string }): { kind: "archived" | "already"; template: TemplateRecord } | { kind: "missing" } {
  return db
    .transaction(() => {
      const t = getTemplate(db, r.id);
      if (!t) return { kind: "missing" as const };
      if (t.archived) return { kind: "already" as const, template: t };
      db.prepare("UPDATE templates SET archived_at = ?, archived_by = ? WHERE id = ?").run(r.at, r.actor, r.id);
      writeAudit(db, { at: r.at, actor: r.actor, action: "template.archive", template: r.id });
      return { kind: "archived" as const, template: getTemplate(db, r.id)! };
    })
    .immediate();
}

/**
 * One template, or undefined.
 * @example
 * getTemplate(db, "saas_growth");
 */
export function getTemplate(db: Db, id: string): TemplateRecord | undefined {
  const r = db.prepare(`${SELECT} WHERE t.id = ?`).get(id) as Row | undefined;
  return r && record(r);
}

/**
 * Creates a template whose draft is `source` (revision 1); undefined when the id exists.
 * @example
 * createTemplate(db, { id: "saas_growth", source, meta: {}, at, actor: "alice" });
 */
export function createTemplate(db: Db, r: { id: string; source: string; meta: TemplateMeta; at: string; actor: string }): TemplateRecord | undefined {
  return db
    .transaction(() => {
      if (db.prepare("SELECT 1 FROM templates WHERE id = ?").get(r.id)) return undefined;
      db.prepare(
        "INSERT INTO templates (id, label, industry, stage, draft_source, draft_revision, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
      ).run(r.id, r.meta.label ?? null, r.meta.industry ?? null, r.meta.stage ?? null, r.source, r.at, r.actor, r.at, r.actor);
      writeAudit(db, { at: r.at, actor: r.actor, action: "template.create", template: r.id });
      return getTemplate(db, r.id);
    })
    .immediate();
}

/**
 * Replaces a draft when `matches` accepts its current revision (the caller's `If-Match`).
 * @example
 * const out = saveDraft(db, { id, source, meta, matches: (rev) => rev === 3, at, actor });
 * if (out.kind === "stale") respond412(out.current);
 */
export function saveDraft(
  db: Db,
  r: { id: string; source: string; scenarios?: readonly unknown[]; meta: TemplateMeta; matches: (revision: number) => boolean; at: string; actor: string },
): { kind: "saved"; template: TemplateRecord } | { kind: "missing" } | { kind: "stale"; current: TemplateRecord } {
  return db
    .transaction(() => {
      const current = getTemplate(db, r.id);
      if (!current) return { kind: "missing" as const };
      if (!r.matches(current.draftRevision)) return { kind: "stale" as const, current };
      const revision = current.draftRevision + 1;
      // Scenarios left out keep the ones saved before (a client that does not know them cannot drop them).
      db.prepare("UPDATE templates SET draft_source = ?, draft_revision = ?, draft_scenarios = COALESCE(?, draft_scenarios), label = ?, industry = ?, stage = ?, updated_at = ?, updated_by = ? WHERE id = ?").run(
        r.source,
        revision,
        r.scenarios === undefined ? null : JSON.stringify(r.scenarios),
        r.meta.label ?? null,
        r.meta.industry ?? current.industry ?? null,
        r.meta.stage ?? current.stage ?? null,
        r.at,
        r.actor,
        r.id,
      );
      writeAudit(db, { at: r.at, actor: r.actor, action: "template.draft", template: r.id, detail: `revision ${revision}` });
      return { kind: "saved" as const, template: getTemplate(db, r.id)! };
    })
    .immediate();
}

/**
 * Publishes the current draft as the next version, in one `BEGIN IMMEDIATE`
 * transaction so that concurrent publishes get consecutive, distinct numbers.
 * `accept` sees the draft's text and says whether it may be published; its
 * refusal (any value but `true`) is returned as is.
 * @example
 * const out = publishDraft(db, { id, effectiveFrom: "2026-04-01", at, actor, accept: (src) => check(src) });
 */
export function publishDraft<R>(
  db: Db,
  r: { id: string; effectiveFrom: string; at: string; actor: string; matches?: (revision: number) => boolean; accept: (source: string) => true | R },
): { kind: "published"; version: VersionRecord } | { kind: "missing" } | { kind: "stale"; current: TemplateRecord } | { kind: "refused"; reason: R } {
  return db
    .transaction(() => {
      const t = getTemplate(db, r.id);
      if (!t) return { kind: "missing" as const };
      if (r.matches && !r.matches(t.draftRevision)) return { kind: "stale" as const, current: t };
      const verdict = r.accept(t.draftSource);
      if (verdict !== true) return { kind: "refused" as const, reason: verdict };
      const next = (t.latestVersion ?? 0) + 1;
      db.prepare("INSERT INTO template_versions (template_id, version, source, effective_from, published_at, published_by) VALUES (?, ?, ?, ?, ?, ?)").run(
        r.id,
        next,
        t.draftSource,
        r.effectiveFrom,
        r.at,
        r.actor,
      );
      writeAudit(db, { at: r.at, actor: r.actor, action: "template.publish", template: r.id, version: next, detail: `effective from ${r.effectiveFrom}` });
      return { kind: "published" as const, version: { version: next, effectiveFrom: r.effectiveFrom, publishedAt: r.at, publishedBy: r.actor, source: t.draftSource } };
    })
    .immediate();
}

/**
 * A template's published versions, oldest first.
 * @example
 * listVersions(db, "saas_growth").map((v) => v.version); // [1, 2]
 */
export function listVersions(db: Db, id: string): VersionRecord[] {
  return (db.prepare("SELECT version, effective_from, published_at, published_by, source FROM template_versions WHERE template_id = ? ORDER BY version").all(id) as VersionRow[]).map(version);
}

/**
 * One published version.
 * @example
 * getVersion(db, "saas_growth", 1)?.source;
 */
export function getVersion(db: Db, id: string, n: number): VersionRecord | undefined {
  const r = db.prepare("SELECT version, effective_from, published_at, published_by, source FROM template_versions WHERE template_id = ? AND version = ?").get(id, n) as VersionRow | undefined;
  return r && version(r);
}

/**
 * The version in force on a day (`YYYY-MM-DD`): the latest `effectiveFrom`
 * on or before it, the higher version number when two start the same day;
 * without a day, the highest version.
 * @example
 * versionInForce(db, "saas_growth", "2026-03-01")?.version;
 */
export function versionInForce(db: Db, id: string, day?: string): VersionRecord | undefined {
  const r = (
    day === undefined
      ? db.prepare("SELECT version, effective_from, published_at, published_by, source FROM template_versions WHERE template_id = ? ORDER BY version DESC LIMIT 1").get(id)
      : db
          .prepare(
            "SELECT version, effective_from, published_at, published_by, source FROM template_versions WHERE template_id = ? AND effective_from <= ? ORDER BY effective_from DESC, version DESC LIMIT 1",
          )
          .get(id, day)
  ) as VersionRow | undefined;
  return r && version(r);
}
