/**
 * `GET` (a page of the list) and `POST /v1/datasets`, `GET` and `DELETE /v1/datasets/{id}`. An upload is
 * checked for structure (the JSON dataset against dataset.schema.json, the
 * files for names, CSV syntax and headers, NDJSON lines) and stored as
 * given; whether it fits a template is known only when it is evaluated.
 * @module
 */
import type { DatasetDetail, DatasetList, DatasetPreviewRequest, DatasetUpload } from "../../schemas/generated/api.js";
import type { Mapping } from "../../schemas/generated/mapping.js";
import { deleteDataset, getDataset, listDatasets, saveDataset, type DatasetContent } from "../db/datasets.js";
import { previewDataset } from "../datasets/preview.js";
import { ApiError } from "../http/problem.js";
import { limitQuery } from "../http/query.js";
import { checkFilesInWorker } from "../registry/front-end.js";
import { actor, now, type Handler, type Services } from "../services.js";

/**
 * The stored form of an uploaded or inline dataset, after its structure
 * check (in a worker for files: it parses every CSV).
 * @throws ApiError 400 listing the structural errors of the files
 * @example
 * await contentOf(s, { files: { "entities.csv": "id,kind\n" } }, "/files"); // { form: "files", files: Map {…} }
 */
export async function contentOf(s: Services, upload: { dataset?: unknown; files?: object; mapping?: Mapping }, filesAt: string): Promise<DatasetContent> {
  if (upload.files === undefined) return { form: "json", json: JSON.stringify(upload.dataset) };
  const r = await checkFilesInWorker(s, { files: upload.files, ...(upload.mapping !== undefined ? { mapping: upload.mapping } : {}) }, filesAt);
  if (!r.ok) throw new ApiError(400, "validation", r.detail, { errors: r.errors });
  return r.content;
}

const create: Handler = async (c, s, body) => {
  const upload = body as DatasetUpload;
  const info = saveDataset(s.db, { name: upload.name, content: await contentOf(s, upload, "/files"), at: now(s), actor: actor(c) });
  c.header("Location", `/v1/datasets/${info.id}`);
  return c.json(info, 201);
};

const notFound = (id: string): ApiError => new ApiError(404, "not-found", `no dataset has the id ${JSON.stringify(id)}`);

const read: Handler = (c, s) => {
  const id = c.req.param("id")!;
  const d = getDataset(s.db, id);
  if (!d) throw notFound(id);
  const { files: _names, ...info } = d.info;
  const out: DatasetDetail = { ...info };
  if (d.content.form === "json") out.dataset = JSON.parse(d.content.json) as DatasetDetail["dataset"];
  else {
    // File names are data: a null-prototype object gives `__proto__.csv` no special meaning.
    const files = Object.create(null) as Record<string, string | { base64: string }>;
    for (const [name, f] of d.content.files) files[name] = typeof f === "string" ? f : { base64: Buffer.from(f).toString("base64") };
    out.files = files as DatasetDetail["files"];
    if (d.content.mapping !== undefined) out.mapping = d.content.mapping;
  }
  return c.json(out);
};

const list: Handler = (c, s) => {
  const after = c.req.query("after");
  const out: DatasetList | undefined = listDatasets(s.db, { limit: limitQuery(c.req.query("limit")), ...(after !== undefined ? { after } : {}) });
  if (!out) throw new ApiError(400, "validation", `after ${JSON.stringify(after)} is not a dataset id; pass the \`next\` of the page before`, { errors: [{ path: "?after", message: "names no stored dataset" }] });
  return c.json(out);
};

const remove: Handler = (c, s) => {
  const id = c.req.param("id")!;
  if (!deleteDataset(s.db, id, { at: now(s), actor: actor(c) })) throw notFound(id);
  return c.body(null, 204);
};

/**
 * The handlers of this module, by route id.
 * @example
 * datasetHandlers.createDataset; // POST /v1/datasets
 */
export const datasetHandlers: Record<string, Handler> = {
  listDatasets: list,
  createDataset: create,
  getDataset: read,
  deleteDataset: remove,
  previewDataset: async (c, s, body) => c.json(await previewDataset(s, body as DatasetPreviewRequest)),
};
