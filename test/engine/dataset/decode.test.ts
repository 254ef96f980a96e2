import { describe, expect, it } from "vitest";
import { DecodeError, decodeStream } from "../../../engine/dataset/decode.js";

async function decodeAll(chunks: Uint8Array[], encoding: "utf-8" | "auto" | "gbk" | "utf-16le"): Promise<string> {
  async function* gen(): AsyncGenerator<Uint8Array> {
    yield* chunks;
  }
  let out = "";
  for await (const t of decodeStream(gen(), encoding)) out += t;
  return out;
}

const cut = (bytes: Uint8Array, at: number[]): Uint8Array[] => {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const a of [...at, bytes.length]) {
    out.push(bytes.subarray(from, a));
    from = a;
  }
  return out;
};

describe("decodeStream: ASCII chunks read as bytes, the rest by the strict decoder", () => {
  const ascii = "id,kind\n" + "r1,rep\n".repeat(20_000); // 140 KB: past the 64 KiB sample
  it("gives the same text when a multi-byte character comes after ASCII chunks and straddles a cut", async () => {
    const text = `${ascii}张伟,rep\n${ascii}`;
    const bytes = Buffer.from(text, "utf8");
    const at = ascii.length + 1; // inside 张
    for (const enc of ["utf-8", "auto"] as const) expect(await decodeAll(cut(bytes, [70_000, at, at + 5]), enc)).toBe(text);
  });

  it("still drops a byte order mark, and still finds a bad byte's line after ASCII chunks", async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ascii)]);
    expect(await decodeAll(cut(bom, [100_000]), "utf-8")).toBe(ascii);
    const bad = Buffer.concat([Buffer.from(ascii), Buffer.from([0xff]), Buffer.from("\n")]);
    const err = await decodeAll(cut(bad, [70_000, 130_000]), "utf-8").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).line).toBe(20_002);
  });

  it("reads GBK after ASCII chunks, and UTF-16 never as bytes", async () => {
    const gbk = Buffer.concat([Buffer.from(ascii), Buffer.from([0xd5, 0xc5]), Buffer.from("\n")]); // 张 in GBK
    expect(await decodeAll(cut(gbk, [70_000]), "gbk")).toBe(`${ascii}张\n`);
    const u16 = Buffer.from(`a,b\n${ascii}`, "utf16le");
    expect(await decodeAll(cut(u16, [70_000]), "utf-16le")).toBe(`a,b\n${ascii}`);
  });
});
