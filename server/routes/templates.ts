/**
 * The template registry's routes: list, create, read, replace the draft
 * (optimistic concurrency with `If-Match`: 428 without it, 412 when stale),
 * publish (a new immutable version; the draft must check cleanly: 422
 * with its diagnostics otherwise), versions, and diff.
 * @module
 */
import type { Context } from "hono";
import { hasErrors } from "../../dsl/diagnostics.js";
import type { CheckResult } from "../../engine/check/index.js";
import type { DraftUpdate, PublishRequest, Draft, TemplateCreate, TemplateDetail, TemplateDiff, TemplateList, VersionDetail, VersionList } from "../../schemas/generated/api.js";
import {
  archiveTemplate,
  createTemplate,
  getTemplate,
  getVersion,
  listTemplates,
  listVersions,
  publishDraft,
  saveDraft,
  summary,
  type TemplateMeta,
  type TemplateRecord,
  type VersionRecord,
} from "../db/templates.js";
import type { Db } from "../db/open.js";
import { draftEtag, ifMatchAccepts } from "../http/etag.js";
import { ApiError } from "../http/problem.js";
import { checkInRegistry, diffTexts, parseText } from "../registry/front-end.js";
import { toApiDiagnostics } from "../registry/diagnostics.js";
import { metaOf, templateName } from "../registry/meta.js";
import { actor, now, type AppEnv, type Handler, type Services } from "../services.js";

const notFound = (id: string): ApiError => new ApiError(404, "not-found", `no template has the id ${JSON.stringify(id)}`);

function found(db: Db, id: string): TemplateRecord {
  const t = getTemplate(db, id);
  if (!t) throw notFound(id);
  return t;
}

/** A template that may still change: archived ones are read-only (409). */
function open(db: Db, id: string): TemplateRecord {
  const t = found(db, id);
  if (t.archived) throw archivedError(t);
  return t;
}

/**
 * An archived template's refusal, shared with evaluate.
 * @example
 * if (t.archived) throw archivedError(t);
 */
export const archivedError = (t: TemplateRecord): ApiError =>
  new ApiError(409, "archived", `template ${JSON.stringify(t.id)} was archived on ${t.archived!.at.slice(0, 10)} by ${t.archived!.by}; its versions stay readable, but it cannot be changed, published or evaluated`);

async function detail(s: Services, t: TemplateRecord, checked?: CheckResult): Promise<TemplateDetail> {
  const db = s.db;
  const r = checked ?? (await checkInRegistry(s, t.draftSource, { file: t.id }));
  const { latestVersion, label, industry, stage } = t;
  const out: TemplateDetail = {
    id: t.id,
    latestVersion,
    draft: { ...(t.draftScenarios ? { scenarios: t.draftScenarios as Draft["scenarios"] } : {}), source: t.draftSource, revision: t.draftRevision, etag: draftEtag(t.draftRevision), updatedAt: t.updatedAt, updatedBy: t.updatedBy },
    diagnostics: toApiDiagnostics(r.diagnostics),
    versions: listVersions(db, t.id).map(({ source: _source, ...v }) => v),
  };
  if (label !== undefined) out.label = label;
  if (industry !== undefined) out.industry = industry;
  if (stage !== undefined) out.stage = stage;
  if (t.archived) out.archived = { ...t.archived };
  return out;
}

async function versionDetail(s: Services, id: string, v: VersionRecord): Promise<VersionDetail> {
  const { model } = await parseText(s, v.source);
  return { id, version: v.version, effectiveFrom: v.effectiveFrom, publishedAt: v.publishedAt, publishedBy: v.publishedBy, source: v.source, model };
}

/** The text's header must name the template it is saved as. */
function requireName(r: CheckResult, id: string | undefined): string {
  const name = templateName(r);
  if (name === undefined) {
    throw new ApiError(422, "no-template-name", "the text has no `template NAME { … }` header; the name is the template's id", { diagnostics: toApiDiagnostics(r.diagnostics) });
  }
  if (id !== undefined && name !== id) throw new ApiError(422, "name-mismatch", `the text's header names template ${JSON.stringify(name)}, but this is template ${JSON.stringify(id)}; a template's name cannot change`);
  return name;
}

const list: Handler = (c, s) => {
  const industry = c.req.query("industry");
  const stage = c.req.query("stage");
  const q = c.req.query("q")?.toLowerCase();
  const templates = listTemplates(s.db, { archived: c.req.query("archived") === "true" }).filter(
    (t) =>
      (industry === undefined || t.industry === industry) &&
      (stage === undefined || t.stage === stage) &&
      (q === undefined || [t.id, t.label, t.industry, t.stage].some((x) => x?.toLowerCase().includes(q))),
  );
  const out: TemplateList = { templates: templates.map(summary) };
  return c.json(out);
};

const create: Handler = async (c, s, body) => {
  const req = body as TemplateCreate;
  const r = await checkInRegistry(s, req.source);
  const id = requireName(r, undefined);
  const meta: TemplateMeta = { ...metaOf(r), ...(req.industry !== undefined ? { industry: req.industry } : {}), ...(req.stage !== undefined ? { stage: req.stage } : {}) };
  const t = createTemplate(s.db, { id, source: req.source, meta, at: now(s), actor: actor(c) });
  if (!t) {
    const existing = getTemplate(s.db, id);
    if (existing?.archived) throw new ApiError(409, "conflict", `a template with the id ${JSON.stringify(id)} exists already, archived on ${existing.archived.at.slice(0, 10)}; ids are never reused, so give the template another name`);
    throw new ApiError(409, "conflict", `a template with the id ${JSON.stringify(id)} exists already; change its draft with PUT /v1/templates/${id}/draft`);
  }
  c.header("ETag", draftEtag(t.draftRevision));
  c.header("Location", `/v1/templates/${encodeURIComponent(id)}`);
  return c.json(await detail(s, t, r), 201);
};

const read: Handler = async (c, s) => {
  const t = found(s.db, c.req.param("id")!);
  c.header("ETag", draftEtag(t.draftRevision));
  return c.json(await detail(s, t));
};

const draft: Handler = async (c, s, body) => {
  const id = c.req.param("id")!;
  const current = open(s.db, id);
  const ifMatch = c.req.header("if-match");
  if (ifMatch === undefined) {
    throw new ApiError(428, "precondition-required", `send If-Match with the draft's ETag (${draftEtag(current.draftRevision)} now, from GET /v1/templates/${id}) so that a concurrent change is not overwritten`);
  }
  const { source, scenarios } = body as DraftUpdate;
  const r = await checkInRegistry(s, source, { file: id });
  requireName(r, id);
  const meta = metaOf(r);
  const out = saveDraft(s.db, { id, source, ...(scenarios ? { scenarios } : {}), meta, matches: (rev) => ifMatchAccepts(ifMatch, rev), at: now(s), actor: actor(c) });
  if (out.kind === "missing") throw notFound(id);
  if (out.kind === "stale") {
    throw new ApiError(412, "precondition-failed", `the draft has changed since ${ifMatch}: it is ${draftEtag(out.current.draftRevision)} now; reload it and apply your change again`, {}, { ETag: draftEtag(out.current.draftRevision) });
  }
  c.header("ETag", draftEtag(out.template.draftRevision));
  return c.json(await detail(s, out.template, r));
};

/** Drafts saved while a publish checks its draft: it checks the new one, this many times, then gives up with 409. */
const PUBLISH_ATTEMPTS = 3;

const publish: Handler = async (c, s, body) => {
  const id = c.req.param("id")!;
  const { effectiveFrom } = body as PublishRequest;
  const ifMatch = c.req.header("if-match");
  for (let attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
    // The draft is checked in a worker, outside the transaction; the transaction then publishes it only if it is still the draft that was checked (and not archived meanwhile: the next attempt says so).
    const t = open(s.db, id);
    if (ifMatch !== undefined && !ifMatchAccepts(ifMatch, t.draftRevision)) throw stalePublish(t, ifMatch);
    const r = await checkInRegistry(s, t.draftSource, { file: id });
    const verdict = hasErrors(r.diagnostics) || templateName(r) !== id ? r : true;
    const out = publishDraft(s.db, { id, effectiveFrom, at: now(s), actor: actor(c), matches: (rev: number) => rev === t.draftRevision && !getTemplate(s.db, id)?.archived, accept: () => verdict });
    if (out.kind === "missing") throw notFound(id);
    if (out.kind === "stale") {
      if (ifMatch !== undefined) throw stalePublish(out.current, ifMatch);
      continue;
    }
    if (out.kind === "refused") {
      requireName(out.reason, id);
      const errors = out.reason.diagnostics.filter((d) => d.severity === "error").length;
      throw new ApiError(422, "template-errors", `the draft has ${errors} error${errors === 1 ? "" : "s"}; only a template without errors can be published`, { diagnostics: toApiDiagnostics(out.reason.diagnostics) });
    }
    c.header("Location", `/v1/templates/${encodeURIComponent(id)}/versions/${out.version.version}`);
    return c.json(await versionDetail(s, id, out.version), 201);
  }
  throw new ApiError(409, "conflict", `the draft of ${JSON.stringify(id)} kept changing while it was being checked; publish again`);
};

const stalePublish = (current: TemplateRecord, ifMatch: string): ApiError =>
  new ApiError(412, "precondition-failed", `the draft has changed: it is ${draftEtag(current.draftRevision)} now, not ${ifMatch}`, {}, { ETag: draftEtag(current.draftRevision) });

const archive: Handler = (c, s) => {
  const id = c.req.param("id")!;
  const out = archiveTemplate(s.db, { id, at: now(s), actor: actor(c) });
  if (out.kind === "missing") throw notFound(id);
  return c.body(null, 204);
};

const versions: Handler = (c, s) => {
  const t = found(s.db, c.req.param("id")!);
  const out: VersionList = { id: t.id, versions: listVersions(s.db, t.id).map(({ source: _source, ...v }) => v) };
  return c.json(out);
};

/** A version number from the path or query; anything else is a 404 (no such version) or 400 (in a query). */
function versionNumber(text: string): number | undefined {
  return /^[1-9]\d{0,8}$/.test(text) ? Number(text) : undefined;
}

const version: Handler = async (c, s) => {
  const t = found(s.db, c.req.param("id")!);
  const n = versionNumber(c.req.param("n")!);
  const v = n === undefined ? undefined : getVersion(s.db, t.id, n);
  if (!v) throw new ApiError(404, "not-found", `template ${JSON.stringify(t.id)} has no version ${JSON.stringify(c.req.param("n"))}; its versions are 1 to ${t.latestVersion ?? 0}`);
  return c.json(await versionDetail(s, t.id, v));
};

/** The text of one side of a diff: a version number or `draft`. */
function side(c: Context<AppEnv>, db: Db, t: TemplateRecord, name: "from" | "to", fallback: string | undefined): { label: string; source: string; day?: string } {
  const text = c.req.query(name) ?? fallback;
  if (text === undefined) throw new ApiError(400, "validation", `give ${name}: template ${JSON.stringify(t.id)} has no published version yet`, { errors: [{ path: `?${name}`, message: "is required" }] });
  if (text === "draft") return { label: `${t.id}@draft`, source: t.draftSource };
  const n = versionNumber(text);
  if (n === undefined) throw new ApiError(400, "validation", `${name} must be a version number or "draft"`, { errors: [{ path: `?${name}`, message: `must be a version number or "draft", not ${JSON.stringify(text)}` }] });
  const v = getVersion(db, t.id, n);
  if (!v) throw new ApiError(404, "not-found", `template ${JSON.stringify(t.id)} has no version ${n}`);
  return { label: `${t.id}@v${n}`, source: v.source };
}

const diff: Handler = async (c, s) => {
  const t = found(s.db, c.req.param("id")!);
  const from = side(c, s.db, t, "from", t.latestVersion === null ? undefined : String(t.latestVersion));
  const to = side(c, s.db, t, "to", "draft");
  const d = await diffTexts(s, t.id, from, to);
  const out: TemplateDiff = { id: t.id, from: from.label, to: to.label, text: d.text, ...d.changes };
  return c.json(out);
};

/**
 * The handlers of this module, by route id.
 * @example
 * templateHandlers.publish; // POST /v1/templates/:id/publish
 */
export const templateHandlers: Record<string, Handler> = {
  listTemplates: list,
  createTemplate: create,
  getTemplate: read,
  archiveTemplate: archive,
  saveDraft: draft,
  publish,
  listVersions: versions,
  getVersion: version,
  diff,
};
