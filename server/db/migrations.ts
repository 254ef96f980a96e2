/**
 * The registry database's schema, as ordered migrations. Migration N brings a
 * database from schema version N-1 to N; `migrate` applies those not yet
 * applied, each in its own transaction, and records the version in
 * `schema_version`. Never edit a released migration: append a new one.
 * @module
 */

/**
 * Every migration, oldest first; index 0 is version 1.
 * @example
 * MIGRATIONS.length; // the newest schema version
 */
export const MIGRATIONS: readonly string[] = [
  // 1: templates with one draft each, immutable published versions, datasets, keys, audit log.
  `
  CREATE TABLE templates (
    id TEXT PRIMARY KEY,
    label TEXT,
    industry TEXT,
    stage TEXT,
    draft_source TEXT NOT NULL,
    draft_revision INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
  ) STRICT;
  CREATE TABLE template_versions (
    template_id TEXT NOT NULL REFERENCES templates(id),
    version INTEGER NOT NULL,
    source TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    PRIMARY KEY (template_id, version)
  ) STRICT;
  CREATE TABLE datasets (
    id TEXT PRIMARY KEY,
    name TEXT,
    form TEXT NOT NULL CHECK (form IN ('json', 'files')),
    content TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  ) STRICT;
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'integrator', 'editor', 'admin')),
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    template_id TEXT,
    version INTEGER,
    dataset_id TEXT,
    detail TEXT
  ) STRICT;
  CREATE INDEX audit_by_template ON audit (template_id, seq);
  `,
  // 2: archiving (DELETE /v1/templates/{id}): the row and its versions stay, for audit.
  `
  ALTER TABLE templates ADD COLUMN archived_at TEXT;
  ALTER TABLE templates ADD COLUMN archived_by TEXT;
  CREATE INDEX datasets_by_created ON datasets (created_at, id);
  `,
  // 3: what-if scenarios kept with the draft (JSON array of Scenario; NULL: none saved).
  `
  ALTER TABLE templates ADD COLUMN draft_scenarios TEXT;
  `,
  // 4: registered database connections (/v1/connections). The URL as shown (password as ***) in clear for
  // listing; the whole URL sealed with AES-256-GCM under the server's secret (server/connections/seal.ts).
  `
  CREATE TABLE connections (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('postgres')),
    url_shown TEXT NOT NULL,
    url_sealed TEXT NOT NULL,
    schema_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  ) STRICT;
  `,
];
