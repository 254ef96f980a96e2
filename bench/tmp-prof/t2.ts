import { checkSource } from "../../engine/check/index.ts";
const r = checkSource(`entity rep\nsource deals by rep at d {\n amount: money\n d: date\n}\nmetric x: money = 5_000 * 2\nmetric y: money = 10_000 / 4\nmetric z: money = sum(deals.amount) + 5_000 * 2\nmetric w = if(sum(deals.amount) > 0, 5_000 * 2, 0)`);
console.log(r.diagnostics.map(d=>d.message));
for (const m of r.checked?.metrics ?? []) console.log(m.name, JSON.stringify(m.formula));
