/**
 * The grammar of the KPI language: tokens → concrete syntax tree. Pure
 * grammar, no actions; `cst-to-model.ts` turns the CST into the model. One
 * parser instance is built at module load and reused (assigning `input`
 * resets it). Error recovery is on, so one run reports every syntax error;
 * expressions are a separate start rule so a single formula can be parsed on
 * its own (the checker and the designer do).
 *
 * Index of rules: file → declaration → templateHeader | entityDecl |
 * sourceDecl | metricDecl | targetDecl | scorecardDecl | incentiveDecl |
 * alertDecl | funnelDecl | dropDecl; formulas: expression (flat: operands,
 * binary operators, postfixes) → operand | postfix.
 *
 * The file is long because chevrotain wants every rule as a field of one
 * parser class; the rules are short and grouped by declaration.
 * @module
 */
import { CstParser, EOF, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import * as T from "./tokens.js";

/** Turns chevrotain's token names into the words an admin reads. */
const describe = (t: TokenType): string => (t.name === "EOF" ? "the end of the text" : typeof t.LABEL === "string" ? t.LABEL : t.name);

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => `expected ${describe(expected)}`,
  buildNotAllInputParsedMessage: () => "expected a declaration",
  buildNoViableAltMessage: ({ expectedPathsPerAlt }) => `expected ${alternatives(expectedPathsPerAlt.flat())}`,
  buildEarlyExitMessage: ({ expectedIterationPaths }) => `expected ${alternatives(expectedIterationPaths)}`,
};

/** What can start a formula; listed as "a formula" rather than one by one. */
const FORMULA_STARTS = new Set(["`not`", "`-`", "a number", "a percentage", "a string", "`true`", "`false`", "`null`", "`(`", "a name", "`target`"]);

function alternatives(paths: TokenType[][]): string {
  let words = [...new Set(paths.map((p) => (p[0] ? describe(p[0]) : "")).filter(Boolean))];
  if (words.includes("a number") && words.includes("a name")) words = [...words.filter((w) => !FORMULA_STARTS.has(w)), "a formula"];
  if (words.length <= 1) return words[0] ?? "something else";
  return `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

const MAX_LOOKAHEAD = 2;

const startsNextItem = new Set<TokenType>([T.KwWeight, T.Dot]);

export class KpiParser extends CstParser {
  /**
   * Alternatives and gated options built once, not on every rule call: the
   * TypeScript loader wraps each named closure (`ALT: () => …`) in a helper
   * that sets its name, which made parsing several times slower.
   */
  private readonly alts: Record<string, any> = {};

  /**
   * Syntax errors saved before the rest of the input is dropped. Error
   * recovery costs far more per error than parsing does per token (and its
   * re-syncs recurse), so text made of nothing but errors (`metric metric …`)
   * took seconds and, near 2 MiB, overflowed the stack. Only the first
   * errors are reported anyway (parse.ts), so past this many the parser sees
   * the end of the text and the run stays linear. Set through `parseWith`.
   */
  private errorLimit = Infinity;
  private savedErrors = 0;

  /**
   * Runs one start rule over `tokens`, stopping after `errorLimit` errors.
   * @example
   * parser.parseWith(lex("metric a = 1").tokens, 50, () => parser.file());
   */
  parseWith<R>(tokens: IToken[], errorLimit: number, rule: () => R): { cst: R; cut: boolean } {
    this.input = tokens;
    this.errorLimit = errorLimit;
    this.savedErrors = 0;
    // chevrotain reports every recognition error (and each failed recovery
    // attempt) by throwing an Error whose stack nobody reads; capturing those
    // stacks was about a third of the time of parsing text with mistakes,
    // which is what the designer sends on most keystrokes.
    const stackLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    let cst: R;
    try {
      cst = rule();
    } finally {
      Error.stackTraceLimit = stackLimit;
    }
    const cut = this.savedErrors > errorLimit;
    // The cut left chevrotain's look-ahead sentinels on the caller's array.
    while (tokens.length > 0 && tokens[tokens.length - 1]!.tokenType === EOF) tokens.pop();
    return { cst, cut };
  }

  /** chevrotain's hook for every recognition error (not in its typings). */
  SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    const saved = (CstParser.prototype as unknown as { SAVE_ERROR: (e: IRecognitionException) => IRecognitionException }).SAVE_ERROR.call(this, error);
    if (++this.savedErrors === this.errorLimit + 1) this.dropRest();
    return saved;
  }

  /** Replaces the token vector by the tokens already read plus end-of-text sentinels. */
  private dropRest(): void {
    const self = this as unknown as { tokVector: IToken[]; tokVectorLength: number; currIdx: number };
    // chevrotain pads the vector with MAX_LOOKAHEAD + 1 end-of-file sentinels before a parse.
    const sentinel = self.tokVector[self.tokVector.length - 1]!;
    const kept = self.tokVector.slice(0, self.currIdx + 1);
    for (let i = 0; i <= MAX_LOOKAHEAD; i++) kept.push(sentinel);
    self.tokVector = kept;
    self.tokVectorLength = self.currIdx + 1;
  }

  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: "none",
      maxLookahead: MAX_LOOKAHEAD,
      errorMessageProvider: messages,
      skipValidations: process.env.NODE_ENV === "production",
    });
    this.performSelfAnalysis();
  }

  file = this.RULE("file", () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  declaration = this.RULE("declaration", () => {
    this.OR((this.alts.a1 ??= [
      { ALT: () => this.SUBRULE(this.templateHeader) },
      { ALT: () => this.SUBRULE(this.entityDecl) },
      { ALT: () => this.SUBRULE(this.sourceDecl) },
      { ALT: () => this.SUBRULE(this.metricDecl) },
      { ALT: () => this.SUBRULE(this.targetDecl) },
      { ALT: () => this.SUBRULE(this.scorecardDecl) },
      { ALT: () => this.SUBRULE(this.incentiveDecl) },
      { ALT: () => this.SUBRULE(this.alertDecl) },
      { ALT: () => this.SUBRULE(this.funnelDecl) },
      { ALT: () => this.SUBRULE(this.dropDecl) },
    ]));
  });

  /** `NAME "label"?` — the start of every declaration. */
  private nameLabel = () => {
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.OPTION9(() => this.CONSUME(T.StringLiteral, { LABEL: "label" }));
  };

  templateHeader = this.RULE("templateHeader", () => {
    this.CONSUME(T.KwTemplate);
    this.nameLabel();
    this.OPTION(() => {
      this.CONSUME(T.KwExtends);
      this.CONSUME2(T.Identifier, { LABEL: "base" });
    });
    this.OPTION2(() => {
      this.CONSUME(T.LBrace);
      this.MANY(() => this.SUBRULE(this.setting));
      this.CONSUME(T.RBrace);
    });
  });

  setting = this.RULE("setting", () => {
    this.CONSUME(T.Identifier, { LABEL: "key" });
    this.OR((this.alts.a2 ??= [
      { ALT: () => this.CONSUME2(T.Identifier, { LABEL: "value" }) },
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: "value" }) },
      { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: "value" }) },
    ]));
  });

  entityDecl = this.RULE("entityDecl", () => {
    this.CONSUME(T.KwEntity);
    this.nameLabel();
    this.OPTION(() => {
      this.CONSUME(T.KwIn);
      this.CONSUME2(T.Identifier, { LABEL: "parent" });
    });
  });

  sourceDecl = this.RULE("sourceDecl", () => {
    this.CONSUME(T.KwSource);
    this.nameLabel();
    this.CONSUME(T.KwBy);
    this.CONSUME2(T.Identifier, { LABEL: "by" });
    this.CONSUME(T.KwAt);
    this.CONSUME3(T.Identifier, { LABEL: "at" });
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.field));
    this.CONSUME(T.RBrace);
  });

  field = this.RULE("field", () => {
    this.nameLabel();
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
  });

  /** A type name (`money`, an entity kind) or an enumeration `"a" | "b"`. */
  typeRef = this.RULE("typeRef", () => {
    this.OR((this.alts.a3 ??= [
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: "typeName" }) },
      {
        ALT: () => {
          this.CONSUME(T.StringLiteral, { LABEL: "enumValue" });
          this.MANY(() => {
            this.CONSUME(T.Pipe);
            this.CONSUME2(T.StringLiteral, { LABEL: "enumValue" });
          });
        },
      },
    ]));
  });

  metricDecl = this.RULE("metricDecl", () => {
    this.CONSUME(T.KwMetric);
    this.nameLabel();
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeRef);
    });
    this.OPTION2(() => this.CONSUME(T.KwLowerBetter));
    this.CONSUME(T.Equals);
    this.OR((this.alts.a4 ??= [
      { ALT: () => this.CONSUME(T.KwInput) },
      { ALT: () => this.SUBRULE(this.expression, { LABEL: "formula" }) },
    ]));
  });

  /** `name` or `funnel.step`. */
  qualifiedName = this.RULE("qualifiedName", () => {
    this.CONSUME(T.Identifier, { LABEL: "part" });
    this.OPTION(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier, { LABEL: "part" });
    });
  });

  /** A number literal with an optional sign: `-5`, `1_200_000`, `85%`. */
  signedNumber = this.RULE("signedNumber", () => {
    this.OPTION(() => this.CONSUME(T.Minus));
    this.OR((this.alts.a5 ??= [{ ALT: () => this.CONSUME(T.NumberLiteral) }, { ALT: () => this.CONSUME(T.PercentLiteral) }]));
  });

  targetDecl = this.RULE("targetDecl", () => {
    this.CONSUME(T.KwTarget);
    this.SUBRULE(this.qualifiedName, { LABEL: "metric" });
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.targetLine));
    this.CONSUME(T.RBrace);
  });

  targetLine = this.RULE("targetLine", () => {
    this.OR((this.alts.a6 ??= [
      {
        ALT: () => {
          this.CONSUME(T.KwBase);
          this.SUBRULE(this.signedNumber);
          this.MANY(() => {
            this.CONSUME(T.KwPer);
            this.CONSUME(T.Identifier, { LABEL: "per" });
          });
          // `base 550 flat`: no line starts with `flat`, so the next line is never swallowed.
          this.OPTION3(() => this.CONSUME(T.KwFlat));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwQuarters);
          this.AT_LEAST_ONE(() => this.SUBRULE2(this.signedNumber, { LABEL: "weights" }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwMonths);
          this.AT_LEAST_ONE2(() => this.SUBRULE3(this.signedNumber, { LABEL: "weights" }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwChallenge);
          this.SUBRULE4(this.signedNumber);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwSplit);
          this.OPTION(() => this.CONSUME(T.KwBy));
          this.CONSUME2(T.Identifier, { LABEL: "splitKind" });
          // `split by attr NAME`: only `attr` takes a name, so the next line's keyword is never swallowed.
          this.OPTION2(
            (this.alts.attrOption ??= {
              GATE: () => this.LA(0).image === "attr",
              DEF: () => this.CONSUME3(T.Identifier, { LABEL: "attr" }),
            }),
          );
        },
      },
    ]));
  });

  scorecardDecl = this.RULE("scorecardDecl", () => {
    this.CONSUME(T.KwScorecard);
    this.nameLabel();
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.scorecardItem));
    this.CONSUME(T.RBrace);
  });

  scorecardItem = this.RULE("scorecardItem", () => {
    this.SUBRULE(this.qualifiedName, { LABEL: "metric" });
    this.CONSUME(T.KwWeight);
    this.SUBRULE(this.signedNumber, { LABEL: "weight" });
    // `cap` is this item's cap unless it starts the next item, a metric called `cap`.
    this.OPTION(
      (this.alts.capOption ??= {
        GATE: () => !startsNextItem.has(this.LA(2).tokenType),
        DEF: () => {
          this.CONSUME(T.KwCap);
          this.SUBRULE2(this.signedNumber, { LABEL: "cap" });
        },
      }),
    );
  });

  incentiveDecl = this.RULE("incentiveDecl", () => {
    this.CONSUME(T.KwIncentive);
    this.nameLabel();
    this.OPTION(() => {
      this.CONSUME(T.KwFor);
      this.CONSUME2(T.Identifier, { LABEL: "for" });
    });
    this.OR((this.alts.a7 ??= [
      {
        ALT: () => {
          this.CONSUME(T.Equals);
          this.SUBRULE(this.expression, { LABEL: "formula" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBrace);
          this.MANY(() => this.SUBRULE(this.incentiveLine));
          this.CONSUME(T.RBrace);
        },
      },
    ]));
  });

  incentiveLine = this.RULE("incentiveLine", () => {
    this.OR((this.alts.a8 ??= [
      {
        ALT: () => {
          this.CONSUME(T.KwBasis);
          this.SUBRULE(this.expression, { LABEL: "basis" });
        },
      },
      { ALT: () => this.SUBRULE(this.tiers) },
      {
        ALT: () => {
          this.CONSUME(T.KwGate);
          this.SUBRULE2(this.expression, { LABEL: "gate" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwCap);
          this.SUBRULE(this.signedNumber, { LABEL: "cap" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwFloor);
          this.SUBRULE2(this.signedNumber, { LABEL: "floor" });
        },
      },
    ]));
  });

  tiers = this.RULE("tiers", () => {
    this.CONSUME(T.KwTiers);
    this.CONSUME(T.Identifier, { LABEL: "mode" });
    this.OPTION(() => {
      this.CONSUME(T.KwOn);
      this.SUBRULE(this.expression, { LABEL: "on" });
    });
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.tierStep));
    this.CONSUME(T.RBrace);
  });

  tierStep = this.RULE("tierStep", () => {
    this.CONSUME(T.KwFrom);
    this.SUBRULE(this.signedNumber, { LABEL: "from" });
    this.OR((this.alts.a9 ??= [
      {
        ALT: () => {
          this.CONSUME(T.KwRate);
          this.SUBRULE2(this.signedNumber, { LABEL: "rate" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwPay);
          this.SUBRULE3(this.signedNumber, { LABEL: "pay" });
        },
      },
    ]));
  });

  alertDecl = this.RULE("alertDecl", () => {
    this.CONSUME(T.KwAlert);
    this.nameLabel();
    this.CONSUME2(T.Identifier, { LABEL: "severity" });
    this.CONSUME(T.KwWhen);
    this.SUBRULE(this.expression, { LABEL: "when" });
    this.OPTION(() => {
      this.CONSUME(T.KwMessage);
      this.CONSUME2(T.StringLiteral, { LABEL: "message" });
    });
  });

  funnelDecl = this.RULE("funnelDecl", () => {
    this.CONSUME(T.KwFunnel);
    this.nameLabel();
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.funnelStep));
    this.CONSUME(T.RBrace);
  });

  funnelStep = this.RULE("funnelStep", () => {
    this.nameLabel();
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression, { LABEL: "formula" });
  });

  dropDecl = this.RULE("dropDecl", () => {
    this.CONSUME(T.KwDrop);
    this.OR((this.alts.a10 ??= [
      { ALT: () => this.CONSUME(T.KwEntity, { LABEL: "what" }) },
      { ALT: () => this.CONSUME(T.KwSource, { LABEL: "what" }) },
      { ALT: () => this.CONSUME(T.KwMetric, { LABEL: "what" }) },
      { ALT: () => this.CONSUME(T.KwTarget, { LABEL: "what" }) },
      { ALT: () => this.CONSUME(T.KwScorecard, { LABEL: "what" }) },
      { ALT: () => this.CONSUME(T.KwIncentive, { LABEL: "what" }) },
      { ALT: () => this.CONSUME(T.KwAlert, { LABEL: "what" }) },
      { ALT: () => this.CONSUME(T.KwFunnel, { LABEL: "what" }) },
    ]));
    this.SUBRULE(this.qualifiedName, { LABEL: "name" });
  });

  // ── expressions ─────────────────────────────────────────────────────────
  // A formula is parsed flat — operands separated by binary operators, with
  // `in (…)` / `is null` as postfix operators — and the expression builder
  // applies precedence. Four rules per operand instead of one per precedence
  // level keeps parsing fast on templates with thousands of formulas.

  expression = this.RULE("expression", () => {
    this.SUBRULE(this.operand, { LABEL: "operands" });
    this.MANY(() => {
      this.OR((this.alts.a11 ??= [
        {
          ALT: () => {
            this.OR2((this.alts.a12 ??= [
              { ALT: () => this.CONSUME(T.KwOr, { LABEL: "ops" }) },
              { ALT: () => this.CONSUME(T.KwAnd, { LABEL: "ops" }) },
              { ALT: () => this.CONSUME(T.EqEq, { LABEL: "ops" }) },
              { ALT: () => this.CONSUME(T.NotEq, { LABEL: "ops" }) },
              { ALT: () => this.CONSUME(T.LessEq, { LABEL: "ops" }) },
              { ALT: () => this.CONSUME(T.GreaterEq, { LABEL: "ops" }) },
              { ALT: () => this.CONSUME(T.Less, { LABEL: "ops" }) },
              { ALT: () => this.CONSUME(T.Greater, { LABEL: "ops" }) },
              { ALT: () => this.CONSUME(T.Plus, { LABEL: "ops" }) },
              { ALT: () => this.CONSUME(T.Minus, { LABEL: "ops" }) },
              { ALT: () => this.CONSUME(T.Star, { LABEL: "ops" }) },
              { ALT: () => this.CONSUME(T.Slash, { LABEL: "ops" }) },
            ]));
            this.SUBRULE2(this.operand, { LABEL: "operands" });
          },
        },
        { ALT: () => this.SUBRULE(this.postfix, { LABEL: "postfixes" }) },
      ]));
    });
  });

  /**
   * One operand: prefix `not`s and `-`s (a loop, not recursion, so `- - … x`
   * cannot overflow the stack), then a literal, a parenthesised formula, a
   * name (`a`, `a.b`) or a call (`f(args)`; `target(m)` is a call although
   * `target` is a keyword). One rule rather than three: most tokens of a
   * template are in formulas, and each rule call costs a CST node.
   */
  operand = this.RULE("operand", () => {
    this.MANY(() => this.CONSUME(T.KwNot, { LABEL: "nots" }));
    this.MANY2(() => this.CONSUME(T.Minus, { LABEL: "minuses" }));
    this.OR((this.alts.operand ??= [
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.PercentLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.KwTrue) },
      { ALT: () => this.CONSUME(T.KwFalse) },
      { ALT: () => this.CONSUME(T.KwNull) },
      {
        ALT: () => {
          this.CONSUME(T.LParen, { LABEL: "open" });
          this.SUBRULE(this.expression, { LABEL: "inner" });
          this.CONSUME(T.RParen, { LABEL: "close" });
        },
      },
      {
        ALT: () => {
          this.OR2((this.alts.head ??= [
            { ALT: () => this.CONSUME(T.Identifier, { LABEL: "head" }) },
            { ALT: () => this.CONSUME(T.KwTarget, { LABEL: "head" }) },
          ]));
          this.OPTION(() => {
            this.OR3((this.alts.suffix ??= [
              {
                ALT: () => {
                  this.CONSUME2(T.LParen, { LABEL: "callOpen" });
                  this.OPTION2(() => {
                    this.SUBRULE2(this.expression, { LABEL: "args" });
                    this.OPTION3(() => {
                      this.CONSUME(T.KwWhere);
                      this.SUBRULE3(this.expression, { LABEL: "where" });
                    });
                    this.MANY3(() => {
                      this.CONSUME(T.Comma);
                      this.SUBRULE4(this.expression, { LABEL: "args" });
                    });
                  });
                  this.CONSUME2(T.RParen, { LABEL: "callClose" });
                },
              },
              {
                ALT: () => {
                  this.AT_LEAST_ONE(() => {
                    this.CONSUME(T.Dot);
                    this.CONSUME2(T.Identifier, { LABEL: "tail" });
                  });
                },
              },
            ]));
          });
        },
      },
    ]));
  });

  /** `in (…)`, `not in (…)`, `is null`, `is not null`: comparisons written after their operand. */
  postfix = this.RULE("postfix", () => {
    this.OR((this.alts.a13 ??= [
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.KwNot, { LABEL: "negated" }));
          this.CONSUME(T.KwIn);
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression, { LABEL: "list" });
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.expression, { LABEL: "list" });
          });
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwIs);
          this.OPTION2(() => this.CONSUME2(T.KwNot, { LABEL: "isNot" }));
          this.CONSUME(T.KwNull);
        },
      },
    ]));
  });

}

let instance: KpiParser | undefined;

/**
 * The one parser instance; reset by assigning `input`. Built on first use:
 * chevrotain's grammar analysis takes a few hundred milliseconds, which
 * commands that parse nothing (`kpi --help`) must not pay.
 * @example
 * kpiParser().input = tokens;
 */
export function kpiParser(): KpiParser {
  instance ??= new KpiParser();
  return instance;
}
