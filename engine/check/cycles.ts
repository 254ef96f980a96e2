/**
 * Dependency order and cycles between metrics. Edges are the metrics a
 * formula reads in the same period; `prev` and `last_year` read earlier
 * periods and `target`/`challenge` read targets, so they are not edges.
 * Strongly connected components (Tarjan) find every cycle once; the order is
 * a depth-first post-order taken in declaration order, so it is stable and
 * keeps the author's order wherever dependencies allow.
 * @module
 */
import type { Expr, Span } from "../../dsl/ast.js";
import { isAggregateCall, isMetricFnName, METRIC_FNS } from "./functions.js";

export interface Edge {
  to: string;
  span?: Span;
}

/**
 * The metrics an expression reads in the same period, found without type
 * checking (names inside aggregates are fields, not metrics).
 * @example
 * sameTimeRefs(parseExpression("a / prev(b) + attainment(c)").expr!); // edges to a and c
 */
export function sameTimeRefs(e: Expr, out: Edge[] = []): Edge[] {
  switch (e.node) {
    case "ref":
      out.push({ to: e.path.join("."), span: e.span });
      break;
    case "call": {
      if (isAggregateCall(e)) break;
      if (isMetricFnName(e.name)) {
        const fn = METRIC_FNS[e.name];
        const a = e.args[0];
        if (!fn.timeShift && e.name !== "target" && e.name !== "challenge" && a?.node === "ref") out.push({ to: a.path.join("."), span: a.span });
        break;
      }
      e.args.forEach((a) => sameTimeRefs(a, out));
      break;
    }
    case "unary":
    case "isNull":
      sameTimeRefs(e.arg, out);
      break;
    case "binary":
      sameTimeRefs(e.left, out);
      sameTimeRefs(e.right, out);
      break;
    case "in":
      sameTimeRefs(e.arg, out);
      e.list.forEach((x) => sameTimeRefs(x, out));
      break;
    case "paren":
      sameTimeRefs(e.expr, out);
      break;
    default:
      break;
  }
  return out;
}

export interface Ordering {
  /** Every name, each after the names it depends on (cycles broken arbitrarily but stably). */
  order: string[];
  /** Each cycle as a path that starts and ends at its first-declared member, with the edge that leaves it. */
  cycles: { path: string[]; first: Edge }[];
}

/**
 * Orders names by their edges and finds the cycles.
 * @example
 * orderByDeps(["a", "b"], new Map([["a", [{ to: "b" }]], ["b", []]])).order; // ["b", "a"]
 */
export function orderByDeps(names: readonly string[], edges: ReadonlyMap<string, Edge[]>): Ordering {
  const position = new Map<string, number>();
  names.forEach((n, i) => position.set(n, i));
  const adjacency = new Map<string, Edge[]>();
  for (const n of names) adjacency.set(n, (edges.get(n) ?? []).filter((e) => position.has(e.to)));
  const next = (n: string): Edge[] => adjacency.get(n) ?? [];

  // Depth-first post-order with an explicit stack: a chain of thousands of
  // metrics must not overflow the call stack.
  const order: string[] = [];
  const seen = new Set<string>();
  for (const root of names) {
    if (seen.has(root)) continue;
    seen.add(root);
    const stack: [string, number][] = [[root, 0]];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const out = next(top[0]);
      if (top[1] < out.length) {
        const to = out[top[1]++]!.to;
        if (!seen.has(to)) {
          seen.add(to);
          stack.push([to, 0]);
        }
      } else {
        stack.pop();
        order.push(top[0]);
      }
    }
  }

  const cycles: Ordering["cycles"] = [];
  for (const scc of components(names, next)) {
    let start = scc[0]!;
    for (const n of scc) if (position.get(n)! < position.get(start)!) start = n;
    const selfLoop = next(start).find((e) => e.to === start);
    if (scc.length === 1 && !selfLoop) continue;
    cycles.push(selfLoop ? { path: [start, start], first: selfLoop } : shortestCycle(start, new Set(scc), next));
  }
  cycles.sort((x, y) => position.get(x.path[0]!)! - position.get(y.path[0]!)!);
  return { order, cycles };
}

/** Tarjan's strongly connected components, iterative for the same reason. */
function components(names: readonly string[], next: (n: string) => Edge[]): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  for (const root of names) {
    if (index.has(root)) continue;
    const work: [string, number][] = [[root, 0]];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const [v] = frame;
      const edgesOut = next(v);
      if (frame[1] < edgesOut.length) {
        const to = edgesOut[frame[1]++]!.to;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push([to, 0]);
        } else if (onStack.has(to)) low.set(v, Math.min(low.get(v)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0])!, low.get(v)!));
      if (low.get(v) === index.get(v)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(w);
        } while (w !== v);
        out.push(scc);
      }
    }
  }
  return out;
}

/** The shortest path from `start` back to itself inside one component (breadth first). */
function shortestCycle(start: string, members: Set<string>, next: (n: string) => Edge[]): { path: string[]; first: Edge } {
  const from = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const n = queue.shift()!;
    for (const e of next(n)) {
      if (!members.has(e.to)) continue;
      if (e.to === start) {
        const path = [start];
        for (let k: string | undefined = n; k !== start && k !== undefined; k = from.get(k)) path.splice(1, 0, k);
        path.push(start);
        const first = next(start).find((x) => x.to === path[1])!;
        return { path, first };
      }
      if (!from.has(e.to) && e.to !== start) {
        from.set(e.to, n);
        queue.push(e.to);
      }
    }
  }
  return { path: [start, start], first: { to: start } };
}
