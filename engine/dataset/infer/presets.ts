/**
 * What the common CRM and spreadsheet exports look like, for `kpi map
 * infer`: each preset's tell-tale headers, the headers that hold a record's
 * owner, amount, stage and date, the headers of its user list, its stage
 * names mapped to won/lost/open, and its date form. A header line of each is
 * in docs/import.md. Presets are data: adding one is adding an entry.
 * @module
 */

/**
 * The role a template field plays in a deals-like source.
 * @example
 * const r: Role = "owner";
 */
export type Role = "owner" | "amount" | "status" | "date" | "team";

/**
 * One export style.
 * @example
 * PRESETS.find((p) => p.name === "salesforce")!.roles.owner; // ["Opportunity Owner", "Owner", …]
 */
export interface Preset {
  name: string;
  label: string;
  /** Headers whose presence says a file came from this system (the more, the surer). */
  signature: string[];
  roles: Record<Role, string[]>;
  /** The user list's headers for id, name, kind and parent. */
  entities: { id: string[]; name: string[]; kind: string[]; parent: string[] };
  /** Export stage names → won / lost (compared case-insensitively); anything else is open. */
  stages: Record<string, "won" | "lost" | "open">;
  /** The date form the system writes, tried first. */
  dateFormats: string[];
  /** A sample header line, for the docs. */
  sample: string;
}

const GENERIC_ROLES: Record<Role, string[]> = {
  owner: ["Owner", "Rep", "Sales Rep", "Salesperson", "Sales Person", "Account Executive", "Assigned To", "负责人", "销售", "销售人员", "销售代表", "业务员", "归属人", "所属人员"],
  amount: ["Amount", "Value", "Revenue", "Total", "Deal Value", "Contract Value", "金额", "合同金额", "成交金额", "商机金额", "销售额", "订单金额"],
  status: ["Status", "Stage", "State", "Result", "状态", "阶段", "销售阶段", "商机阶段", "结果"],
  date: ["Date", "Close Date", "Closed Date", "Won Date", "Signed Date", "成交日期", "签约日期", "结单日期", "日期", "下单日期"],
  team: ["Team", "Group", "Department", "Manager", "团队", "部门", "所属部门", "小组", "所属团队"],
};

/**
 * Every preset, most specific first; `excel` (generic) last.
 * @example
 * PRESETS.map((p) => p.name); // ["salesforce", "hubspot", "fxiaoke", "jiandaoyun", "excel"]
 */
export const PRESETS: readonly Preset[] = [
  {
    name: "salesforce",
    label: "Salesforce report export",
    signature: ["Opportunity Owner", "Opportunity Name", "Account Name", "Close Date", "Stage", "Fiscal Period", "Opportunity ID"],
    roles: { owner: ["Opportunity Owner", "Owner Name", "Owner"], amount: ["Amount", "Amount (converted)", "Expected Revenue"], status: ["Stage"], date: ["Close Date"], team: ["Owner Role", "Manager"] },
    entities: { id: ["User ID", "Id"], name: ["Full Name", "Name"], kind: ["Role", "Profile"], parent: ["Manager ID", "Manager"] },
    stages: { "closed won": "won", "closed lost": "lost" },
    dateFormats: ["M/D/YYYY"],
    sample: '"Opportunity Owner","Account Name","Opportunity Name","Stage","Amount","Close Date","Created Date"',
  },
  {
    name: "hubspot",
    label: "HubSpot deals export",
    signature: ["Record ID", "Deal Name", "Deal Stage", "Deal owner", "Pipeline", "Close Date", "Create Date"],
    roles: { owner: ["Deal owner", "HubSpot Owner", "Owner"], amount: ["Amount", "Amount in company currency"], status: ["Deal Stage"], date: ["Close Date"], team: ["HubSpot Team", "Team"] },
    entities: { id: ["Owner ID", "User ID"], name: ["Deal owner", "Name", "Full Name"], kind: ["Role"], parent: ["Team", "Manager"] },
    stages: { closedwon: "won", "closed won": "won", closedlost: "lost", "closed lost": "lost" },
    dateFormats: ["iso"],
    sample: "Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner,Pipeline",
  },
  {
    name: "fxiaoke",
    label: "纷享销客 商机导出",
    signature: ["商机名称", "负责人", "商机金额", "阶段", "结单日期", "客户名称", "销售阶段", "预计成交日期", "归属部门"],
    roles: { owner: ["负责人", "销售人员"], amount: ["商机金额", "金额"], status: ["阶段", "销售阶段", "商机阶段"], date: ["结单日期", "成交日期", "预计成交日期"], team: ["归属部门", "所属部门", "所属团队"] },
    entities: { id: ["员工ID", "员工编号", "工号"], name: ["姓名", "员工姓名", "销售人员"], kind: ["职位", "角色"], parent: ["上级", "汇报对象", "所属团队", "所属部门"] },
    stages: { 赢单: "won", 输单: "lost", 无效: "lost", 丢单: "lost" },
    dateFormats: ["YYYY年M月D日", "YYYY-MM-DD"],
    sample: "商机名称,客户名称,负责人,商机金额,阶段,结单日期,备注",
  },
  {
    name: "jiandaoyun",
    label: "简道云 数据导出",
    signature: ["提交人", "提交时间", "更新时间", "流程状态"],
    roles: { owner: ["销售人员", "负责人", "成员"], amount: ["金额", "合同金额", "成交金额"], status: ["状态", "流程状态", "阶段"], date: ["成交日期", "签约日期", "日期"], team: ["团队", "部门"] },
    entities: { id: ["成员ID", "工号"], name: ["成员", "姓名", "销售人员"], kind: ["角色", "职位"], parent: ["团队", "部门", "上级"] },
    stages: { 已成交: "won", 成交: "won", 赢单: "won", 已流失: "lost", 已丢单: "lost", 输单: "lost" },
    dateFormats: ["YYYY/M/D", "YYYY-MM-DD"],
    sample: "销售人员\t团队\t金额\t状态\t成交日期\t提交人\t提交时间",
  },
  {
    name: "excel",
    label: "Excel or CSV export (generic)",
    signature: [],
    roles: GENERIC_ROLES,
    entities: { id: ["ID", "Id", "User ID", "Employee ID", "工号", "编号"], name: ["Name", "Full Name", "姓名", "名称"], kind: ["Kind", "Role", "Type", "角色", "类型"], parent: ["Parent", "Manager", "Manager ID", "Team", "上级", "团队"] },
    stages: { won: "won", "closed won": "won", win: "won", signed: "won", 成交: "won", 已成交: "won", 赢单: "won", 签约: "won", lost: "lost", "closed lost": "lost", 输单: "lost", 丢单: "lost", 已流失: "lost" },
    dateFormats: [],
    sample: "Owner,Team,Amount,Stage,Close Date",
  },
];

/**
 * The headers for a role: the preset's first, then the generic ones.
 * @example
 * headersFor(PRESETS[0]!, "owner")[0]; // "Opportunity Owner"
 */
export function headersFor(p: Preset, role: Role): string[] {
  return [...p.roles[role], ...GENERIC_ROLES[role]];
}
