// The expression part of the .snn grammar (plus the small shared pieces: constants, ranges,
// field blocks, projection references), as the base class of the Chevrotain parser. Rules only
// record the concrete syntax tree; meaning is decided by the checker.
import type { TokenType } from "chevrotain";
import { CstParser } from "./chevrotain.ts";
import { errorMessages } from "./error-messages.ts";
import * as T from "./lexer.ts";

const K = T.Kw as Record<string, TokenType>;
export const kw = (w: string): TokenType => {
  const t = K[w];
  if (!t) throw new Error(`grammar uses unknown keyword ${w}`);
  return t;
};

export class ExprGrammar extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 2,
      nodeLocationTracking: "full",
      errorMessageProvider: errorMessages,
    });
  }

  constDecl = this.RULE("constDecl", () => {
    this.CONSUME(kw("const"));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semi);
  });

  rangeAnn = this.RULE("rangeAnn", () => {
    this.CONSUME(kw("in"));
    this.CONSUME(T.LBrack);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.expr);
    this.CONSUME(T.RBrack);
  });

  assignOp = this.RULE("assignOp", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Eq) },
      { ALT: () => this.CONSUME(T.PlusEq) },
      { ALT: () => this.CONSUME(T.MinusEq) },
    ]);
  });

  fieldBlock = this.RULE("fieldBlock", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.fieldAssign));
    this.CONSUME(T.RBrace);
  });

  fieldAssign = this.RULE("fieldAssign", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semi);
  });

  projRef = this.RULE("projRef", () => {
    this.CONSUME(T.LParen);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Arrow);
    this.CONSUME2(T.Identifier);
    this.CONSUME(T.RParen);
  });

  expr = this.RULE("expr", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw("if"));
          this.SUBRULE(this.orExpr);
          this.CONSUME(kw("then"));
          this.SUBRULE(this.expr);
          this.CONSUME(kw("else"));
          this.SUBRULE2(this.expr);
        },
      },
      { ALT: () => this.SUBRULE2(this.orExpr) },
    ]);
  });

  orExpr = this.RULE("orExpr", () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.OrOr);
      this.SUBRULE2(this.andExpr);
    });
  });

  andExpr = this.RULE("andExpr", () => {
    this.SUBRULE(this.cmpExpr);
    this.MANY(() => {
      this.CONSUME(T.AndAnd);
      this.SUBRULE2(this.cmpExpr);
    });
  });

  cmpExpr = this.RULE("cmpExpr", () => {
    this.SUBRULE(this.shiftExpr);
    this.OPTION(() => {
      this.CONSUME(T.CmpOp);
      this.SUBRULE2(this.shiftExpr);
    });
  });

  shiftExpr = this.RULE("shiftExpr", () => {
    this.SUBRULE(this.addExpr);
    this.MANY(() => {
      this.CONSUME(T.ShiftOp);
      this.SUBRULE2(this.addExpr);
    });
  });

  addExpr = this.RULE("addExpr", () => {
    this.SUBRULE(this.mulExpr);
    this.MANY(() => {
      this.CONSUME(T.AddOp);
      this.SUBRULE2(this.mulExpr);
    });
  });

  mulExpr = this.RULE("mulExpr", () => {
    this.SUBRULE(this.unaryExpr);
    this.MANY(() => {
      this.CONSUME(T.MulOp);
      this.SUBRULE2(this.unaryExpr);
    });
  });

  unaryExpr = this.RULE("unaryExpr", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.UnaryOp);
          this.SUBRULE(this.unaryExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.powExpr) },
    ]);
  });

  powExpr = this.RULE("powExpr", () => {
    this.SUBRULE(this.postfixExpr);
    this.OPTION(() => {
      this.CONSUME(T.Caret);
      this.SUBRULE(this.unaryExpr);
    });
  });

  postfixExpr = this.RULE("postfixExpr", () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME(T.Identifier);
    });
  });

  primary = this.RULE("primary", () => {
    // `(a -> b)` vs `(expr)` needs three tokens; everything else in the grammar needs two.
    this.OR({
      MAX_LOOKAHEAD: 3,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.NumberTok);
            this.OPTION(() => this.CONSUME(T.Unit));
          },
        },
        { ALT: () => this.SUBRULE(this.projRef) },
        { ALT: () => this.SUBRULE(this.callExpr) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.expr);
            this.CONSUME(T.RParen);
          },
        },
        { ALT: () => this.SUBRULE(this.listLit) },
      ],
    });
  });

  /** A name, optionally called: `x`, `all_to_all`, `decay(u, decay_u, 1)`, `rate(max = 1 Hz)`. */
  callExpr = this.RULE("callExpr", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.argument) });
      this.CONSUME(T.RParen);
    });
  });

  argument = this.RULE("argument", () => {
    this.OPTION(() => {
      this.CONSUME(T.Identifier);
      this.CONSUME(T.Eq);
    });
    this.SUBRULE(this.expr);
  });

  listLit = this.RULE("listLit", () => {
    this.CONSUME(T.LBrack);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
    this.CONSUME(T.RBrack);
  });
}
