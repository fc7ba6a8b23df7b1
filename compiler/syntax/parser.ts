// The .snn grammar as a Chevrotain CstParser with error recovery, so that every syntax error of
// a file is reported in one run. It builds a concrete syntax tree only; cst-to-ast.ts turns that
// into the typed AST. The grammar is also the source of the EBNF in docs/language.md.
import type { IToken } from "chevrotain";
import { kw } from "./grammar-expr.ts";
import { ModelGrammar } from "./grammar-models.ts";
import * as T from "./lexer.ts";

/**
 * The whole grammar: top level, networks and experiments here; models and synapses in
 * grammar-models.ts; expressions in grammar-expr.ts. Rules are class fields, so all of them exist
 * before `performSelfAnalysis` runs at the end of this constructor.
 */
export class SnnParser extends ModelGrammar {
  constructor() {
    super();
    this.performSelfAnalysis();
  }

  program = this.RULE("program", () => {
    this.OPTION(() => this.SUBRULE(this.versionDecl));
    this.MANY(() => this.SUBRULE(this.topItem));
  });

  versionDecl = this.RULE("versionDecl", () => {
    this.CONSUME(kw("snn"));
    this.CONSUME(T.NumberTok);
    this.CONSUME(T.Semi);
  });

  topItem = this.RULE("topItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.neuronDecl) },
      { ALT: () => this.SUBRULE(this.synapseDecl) },
      { ALT: () => this.SUBRULE(this.networkDecl) },
      { ALT: () => this.SUBRULE(this.runDecl) },
      { ALT: () => this.SUBRULE(this.datasetDecl) },
    ]);
  });

  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(kw("import"));
    this.CONSUME(T.StringTok);
    this.CONSUME(T.LBrace);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Identifier) });
    this.CONSUME(T.RBrace);
    this.OPTION(() => this.CONSUME(T.Semi));
  });

  networkDecl = this.RULE("networkDecl", () => {
    this.CONSUME(kw("network"));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.networkItem));
    this.CONSUME(T.RBrace);
  });

  networkItem = this.RULE("networkItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.populationDecl) },
      { ALT: () => this.SUBRULE(this.projectionDecl) },
      { ALT: () => this.SUBRULE(this.probeDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.datasetDecl) },
    ]);
  });

  datasetDecl = this.RULE("datasetDecl", () => {
    this.CONSUME(kw("dataset"));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Eq);
    this.CONSUME2(T.Identifier);
    this.CONSUME(T.StringTok);
    this.OPTION(() => this.SUBRULE(this.fieldBlock));
    this.OPTION2(() => this.CONSUME(T.Semi));
  });

  populationDecl = this.RULE("populationDecl", () => {
    this.CONSUME(kw("population"));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Eq);
    this.CONSUME2(T.Identifier);
    this.CONSUME(T.LBrack);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
    this.CONSUME(T.RBrack);
    this.OPTION(() => this.SUBRULE(this.fieldBlock));
    this.OPTION2(() => this.SUBRULE(this.sourceClause));
    this.OPTION3(() => {
      this.CONSUME(kw("seed"));
      this.SUBRULE2(this.expr);
    });
    this.CONSUME(T.Semi);
  });

  sourceClause = this.RULE("sourceClause", () => {
    // `every`/`at`/`from` are soft words; a source named by a call comes last and loses ties.
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(kw("at"));
            this.CONSUME(T.Identifier); // `steps`
            this.SUBRULE(this.listLit);
          },
        },
        {
          ALT: () => {
            this.CONSUME(kw("every"));
            this.SUBRULE(this.expr);
            this.OPTION(() => {
              this.CONSUME(kw("from"));
              this.SUBRULE2(this.expr);
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME2(kw("from"));
            this.CONSUME(kw("dataset"));
            this.CONSUME2(T.Identifier);
            this.OPTION2(() => this.CONSUME(kw("label")));
            this.CONSUME(kw("encode"));
            this.SUBRULE(this.callExpr);
          },
        },
        { ALT: () => this.SUBRULE2(this.callExpr) },
      ],
    });
  });

  popRef = this.RULE("popRef", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LBrack);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.sliceExpr) });
      this.CONSUME(T.RBrack);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier);
    });
  });

  sliceExpr = this.RULE("sliceExpr", () => {
    this.SUBRULE(this.expr);
    this.OPTION(() => {
      this.CONSUME(T.DotDot);
      this.SUBRULE2(this.expr);
    });
  });

  projectionDecl = this.RULE("projectionDecl", () => {
    this.CONSUME(kw("project"));
    this.OPTION(() => {
      this.CONSUME(T.Identifier);
      this.CONSUME(T.Colon);
    });
    this.SUBRULE(this.popRef);
    this.CONSUME(T.Arrow);
    this.SUBRULE2(this.popRef);
    this.CONSUME2(T.Colon);
    this.CONSUME2(T.Identifier);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LBrace);
          this.MANY(() => this.SUBRULE(this.projItem));
          this.CONSUME(T.RBrace);
        },
      },
      { ALT: () => this.CONSUME(T.Semi) },
    ]);
  });

  projItem = this.RULE("projItem", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw("connect"));
          this.SUBRULE(this.callExpr);
          this.OPTION(() => {
            this.CONSUME(kw("where"));
            this.SUBRULE(this.expr);
          });
          this.OPTION2(() => {
            this.CONSUME(kw("seed"));
            this.SUBRULE2(this.expr);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw("weight"));
          this.SUBRULE3(this.expr);
          this.OPTION3(() => {
            this.CONSUME(kw("exp"));
            this.SUBRULE4(this.expr);
          });
          this.OPTION4(() => {
            this.CONSUME2(kw("seed"));
            this.SUBRULE5(this.expr);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw("delay"));
          this.SUBRULE6(this.expr);
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw("tied"));
          this.CONSUME(kw("with"));
          this.CONSUME(T.Identifier);
        },
      },
      {
        ALT: () => {
          this.CONSUME(kw("learn"));
          this.OR2([{ ALT: () => this.CONSUME(kw("on")) }, { ALT: () => this.CONSUME(kw("off")) }]);
        },
      },
      { ALT: () => this.CONSUME(kw("allow_flush")) },
    ]);
    this.CONSUME(T.Semi);
  });

  probeDecl = this.RULE("probeDecl", () => {
    this.CONSUME(kw("probe"));
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.projRef);
          this.CONSUME(T.Dot);
          this.CONSUME(T.Identifier);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.Identifier);
          this.OPTION(() => {
            this.CONSUME(T.LBrack);
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.sliceExpr) });
            this.CONSUME(T.RBrack);
          });
          this.CONSUME2(T.Dot);
          this.OR2([
            { ALT: () => this.CONSUME3(T.Identifier) },
            {
              ALT: () => {
                this.CONSUME(T.LBrace);
                this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => this.CONSUME4(T.Identifier) });
                this.CONSUME(T.RBrace);
              },
            },
          ]);
        },
      },
    ]);
    this.OPTION2(() => {
      this.CONSUME(kw("every"));
      this.SUBRULE(this.expr);
    });
    this.CONSUME(T.Semi);
  });

  runDecl = this.RULE("runDecl", () => {
    this.CONSUME(kw("run"));
    this.CONSUME(T.Identifier);
    this.CONSUME(kw("on"));
    this.CONSUME2(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.runItem));
    this.CONSUME(T.RBrace);
  });

  runItem = this.RULE("runItem", () => {
    // A generic `name = value;` setting comes last, so `train rows ...` wins over a setting.
    // Two tokens of lookahead decide every alternative; a deeper one makes error messages
    // (which enumerate the expected paths) expensive through the expression grammar.
    this.OR({
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 2,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(kw("present"));
            this.CONSUME(T.Identifier);
            this.CONSUME(kw("for"));
            this.SUBRULE(this.expr);
            this.CONSUME(kw("each"));
            this.CONSUME(T.Semi);
          },
        },
        {
          ALT: () => {
            this.CONSUME(kw("phases"));
            this.CONSUME(T.LBrace);
            this.MANY(() => this.SUBRULE(this.phaseDecl));
            this.CONSUME(T.RBrace);
          },
        },
        {
          ALT: () => {
            this.CONSUME(kw("learn"));
            this.CONSUME(kw("in"));
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Identifier) });
            this.CONSUME2(T.Semi);
          },
        },
        {
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(kw("train")) },
              { ALT: () => this.CONSUME(kw("test")) },
            ]);
            this.CONSUME(kw("rows"));
            this.SUBRULE2(this.expr);
            this.CONSUME(T.DotDot);
            this.SUBRULE3(this.expr);
            this.CONSUME3(T.Semi);
          },
        },
        {
          ALT: () => {
            this.CONSUME(kw("readout"));
            this.CONSUME3(T.Identifier);
            this.CONSUME4(T.Identifier);
            this.OPTION(() => {
              this.CONSUME2(kw("in"));
              this.CONSUME5(T.Identifier);
            });
            this.CONSUME4(T.Semi);
          },
        },
        { ALT: () => this.SUBRULE(this.hostLearn) },
        { ALT: () => this.SUBRULE(this.constDecl) },
        {
          ALT: () => {
            this.CONSUME6(T.Identifier);
            this.OPTION2(() => this.CONSUME(T.Eq));
            this.SUBRULE4(this.expr);
            this.CONSUME5(T.Semi);
          },
        },
      ],
    });
  });

  phaseDecl = this.RULE("phaseDecl", () => {
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.expr);
    this.OR([
      { ALT: () => this.CONSUME(T.Semi) },
      {
        ALT: () => {
          this.CONSUME(T.LBrace);
          this.MANY(() => this.SUBRULE(this.phaseItem));
          this.CONSUME(T.RBrace);
          this.OPTION(() => this.CONSUME2(T.Semi));
        },
      },
    ]);
  });

  phaseItem = this.RULE("phaseItem", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw("learn"));
          this.MANY_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Identifier) });
        },
      },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(kw("enable")) },
            { ALT: () => this.CONSUME(kw("disable")) },
          ]);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Identifier) });
        },
      },
    ]);
    this.CONSUME(T.Semi);
  });

  hostLearn = this.RULE("hostLearn", () => {
    this.CONSUME(kw("host"));
    this.CONSUME(kw("learn"));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(kw("updates"));
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.projRef) });
            this.CONSUME(T.Semi);
          },
        },
        {
          ALT: () => {
            this.CONSUME(kw("reads"));
            this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
            this.CONSUME2(T.Semi);
          },
        },
        {
          ALT: () => {
            this.CONSUME(kw("every"));
            this.SUBRULE2(this.expr);
            this.CONSUME3(T.Semi);
          },
        },
        {
          ALT: () => {
            this.CONSUME(kw("param"));
            this.CONSUME2(T.Identifier);
            this.CONSUME(T.Eq);
            this.SUBRULE3(this.expr);
            this.CONSUME4(T.Semi);
          },
        },
      ]),
    );
    this.CONSUME(T.RBrace);
  });
}

/** One shared parser instance (Chevrotain parsers are reusable by resetting `input`). */
export const parserInstance = new SnnParser();

export type { IToken };
