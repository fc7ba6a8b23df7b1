// The .snn grammar as a Chevrotain CstParser with error recovery, so that every syntax error of
// a file is reported in one run. It builds a concrete syntax tree only; cst-to-ast.ts turns that
// into the typed AST. The grammar is also the source of the EBNF in docs/language.md.
import { CstParser, type IToken, type TokenType } from "chevrotain";
import { errorMessages } from "./error-messages.ts";
import * as T from "./lexer.ts";

const K = T.Kw as Record<string, TokenType>;
const kw = (w: string): TokenType => {
  const t = K[w];
  if (!t) throw new Error(`grammar uses unknown keyword ${w}`);
  return t;
};

export class SnnParser extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 2,
      nodeLocationTracking: "full",
      errorMessageProvider: errorMessages,
    });
    this.performSelfAnalysis();
  }

  // ---- top level ----------------------------------------------------------------------------
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

  constDecl = this.RULE("constDecl", () => {
    this.CONSUME(kw("const"));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semi);
  });

  // ---- neurons ------------------------------------------------------------------------------
  neuronDecl = this.RULE("neuronDecl", () => {
    this.CONSUME(kw("neuron"));
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(kw("extends"));
      this.CONSUME2(T.Identifier);
    });
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.neuronItem));
    this.CONSUME(T.RBrace);
  });

  neuronItem = this.RULE("neuronItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.deriveDecl) },
      { ALT: () => this.SUBRULE(this.stateDecl) },
      { ALT: () => this.SUBRULE(this.inputDecl) },
      { ALT: () => this.SUBRULE(this.updateBlock) },
      { ALT: () => this.SUBRULE(this.spikeWhen) },
      { ALT: () => this.SUBRULE(this.resetDecl) },
      { ALT: () => this.SUBRULE(this.floorDecl) },
      { ALT: () => this.SUBRULE(this.refractoryDecl) },
      { ALT: () => this.SUBRULE(this.exportDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.weightUnitDecl) },
    ]);
  });

  rangeAnn = this.RULE("rangeAnn", () => {
    this.CONSUME(kw("in"));
    this.CONSUME(T.LBrack);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.expr);
    this.CONSUME(T.RBrack);
  });

  paramDecl = this.RULE("paramDecl", () => {
    this.CONSUME(kw("param"));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.CONSUME2(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.rangeAnn));
    this.OPTION2(() => {
      this.CONSUME(T.Eq);
      this.SUBRULE(this.expr);
    });
    this.CONSUME(T.Semi);
  });

  deriveDecl = this.RULE("deriveDecl", () => {
    this.CONSUME(kw("derive"));
    this.CONSUME(T.Identifier);
    this.CONSUME(kw("from"));
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Identifier) });
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semi);
  });

  stateDecl = this.RULE("stateDecl", () => {
    this.CONSUME(kw("state"));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.CONSUME2(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Eq);
      this.SUBRULE(this.expr);
    });
    this.CONSUME(T.Semi);
  });

  inputDecl = this.RULE("inputDecl", () => {
    this.CONSUME(kw("input"));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.CONSUME2(T.Identifier);
    this.CONSUME(T.Semi);
  });

  updateBlock = this.RULE("updateBlock", () => {
    this.CONSUME(kw("update"));
    this.SUBRULE(this.block);
  });

  block = this.RULE("block", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.stmt));
    this.CONSUME(T.RBrace);
  });

  stmt = this.RULE("stmt", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.letStmt) },
      { ALT: () => this.SUBRULE(this.ifStmt) },
      { ALT: () => this.SUBRULE(this.spikeStmt) },
      { ALT: () => this.SUBRULE(this.assignStmt) },
    ]);
  });

  letStmt = this.RULE("letStmt", () => {
    this.CONSUME(kw("let"));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semi);
  });

  ifStmt = this.RULE("ifStmt", () => {
    this.CONSUME(kw("if"));
    this.SUBRULE(this.expr);
    this.SUBRULE(this.block);
    this.OPTION(() => {
      this.CONSUME(kw("else"));
      this.OR([{ ALT: () => this.SUBRULE(this.ifStmt) }, { ALT: () => this.SUBRULE2(this.block) }]);
    });
  });

  spikeStmt = this.RULE("spikeStmt", () => {
    this.CONSUME(kw("spike"));
    this.OPTION(() => {
      this.CONSUME(kw("payload"));
      this.SUBRULE(this.expr);
    });
    this.CONSUME(T.Semi);
  });

  assignStmt = this.RULE("assignStmt", () => {
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.assignOp);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semi);
  });

  assignOp = this.RULE("assignOp", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Eq) },
      { ALT: () => this.CONSUME(T.PlusEq) },
      { ALT: () => this.CONSUME(T.MinusEq) },
    ]);
  });

  spikeWhen = this.RULE("spikeWhen", () => {
    this.CONSUME(kw("spike"));
    this.CONSUME(kw("when"));
    this.SUBRULE(this.expr);
    this.OPTION(() => {
      this.CONSUME(kw("payload"));
      this.SUBRULE2(this.expr);
    });
    this.CONSUME(T.Semi);
  });

  resetDecl = this.RULE("resetDecl", () => {
    this.CONSUME(kw("reset"));
    this.CONSUME(T.Identifier);
    this.OR([{ ALT: () => this.CONSUME(kw("to")) }, { ALT: () => this.CONSUME(kw("subtract")) }]);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semi);
  });

  floorDecl = this.RULE("floorDecl", () => {
    this.CONSUME(kw("floor"));
    this.CONSUME(T.Identifier);
    this.CONSUME(kw("at"));
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semi);
  });

  refractoryDecl = this.RULE("refractoryDecl", () => {
    this.CONSUME(kw("refractory"));
    this.CONSUME(T.Identifier);
    this.CONSUME(kw("for"));
    this.SUBRULE(this.expr);
    this.OPTION(() => {
      this.CONSUME(kw("hold"));
      this.CONSUME2(T.Identifier);
      this.CONSUME(T.Eq);
      this.SUBRULE2(this.expr);
    });
    this.CONSUME(T.Semi);
  });

  exportDecl = this.RULE("exportDecl", () => {
    this.CONSUME(kw("export"));
    this.OR([{ ALT: () => this.CONSUME(kw("trace")) }, { ALT: () => this.CONSUME(kw("factor")) }]);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semi);
  });

  weightUnitDecl = this.RULE("weightUnitDecl", () => {
    this.CONSUME(kw("weight"));
    this.CONSUME(kw("unit"));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semi);
  });

  // ---- synapses -----------------------------------------------------------------------------
  synapseDecl = this.RULE("synapseDecl", () => {
    this.CONSUME(kw("synapse"));
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(kw("extends"));
      this.CONSUME2(T.Identifier);
    });
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.synapseItem));
    this.CONSUME(T.RBrace);
  });

  synapseItem = this.RULE("synapseItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.synWeight) },
      { ALT: () => this.SUBRULE(this.synDelay) },
      { ALT: () => this.SUBRULE(this.synTag) },
      { ALT: () => this.SUBRULE(this.traceDecl) },
      { ALT: () => this.SUBRULE(this.learnBlock) },
      { ALT: () => this.SUBRULE(this.eventBlock) },
      { ALT: () => this.SUBRULE(this.constDecl) },
    ]);
  });

  synWeight = this.RULE("synWeight", () => {
    this.CONSUME(kw("weight"));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.CONSUME2(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.rangeAnn));
    this.OPTION2(() => {
      this.CONSUME(T.Eq);
      this.SUBRULE(this.expr);
    });
    this.CONSUME(T.Semi);
  });

  synDelay = this.RULE("synDelay", () => {
    this.CONSUME(kw("delay"));
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.CONSUME2(T.Identifier);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Eq);
      this.SUBRULE(this.expr);
    });
    this.OPTION3(() =>
      this.OR([
        { ALT: () => this.CONSUME(kw("axonal")) },
        { ALT: () => this.CONSUME(kw("dendritic")) },
      ]),
    );
    this.CONSUME(T.Semi);
  });

  synTag = this.RULE("synTag", () => {
    this.CONSUME(kw("tag"));
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.CONSUME2(T.Identifier);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Eq);
      this.SUBRULE(this.expr);
    });
    this.CONSUME(T.Semi);
  });

  traceDecl = this.RULE("traceDecl", () => {
    this.OR([{ ALT: () => this.CONSUME(kw("pre")) }, { ALT: () => this.CONSUME(kw("post")) }]);
    this.CONSUME(kw("trace"));
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.fieldBlock);
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

  learnBlock = this.RULE("learnBlock", () => {
    this.CONSUME(kw("learn"));
    this.OPTION(() => {
      this.CONSUME(kw("every"));
      this.SUBRULE(this.expr);
    });
    this.SUBRULE(this.ruleBlock);
  });

  ruleBlock = this.RULE("ruleBlock", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.ruleAssign));
    this.CONSUME(T.RBrace);
  });

  ruleAssign = this.RULE("ruleAssign", () => {
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.assignOp);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semi);
  });

  eventBlock = this.RULE("eventBlock", () => {
    this.CONSUME(kw("on"));
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.ruleBlock);
  });

  // Network, run and expression rules are defined in grammar-net.ts / grammar-expr.ts style
  // helpers below, kept in this class so Chevrotain sees one grammar.
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

  projRef = this.RULE("projRef", () => {
    this.CONSUME(T.LParen);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Arrow);
    this.CONSUME2(T.Identifier);
    this.CONSUME(T.RParen);
  });

  // ---- run ----------------------------------------------------------------------------------
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
      ]),
    );
    this.CONSUME(T.RBrace);
  });

  // ---- expressions (precedence climbing, lowest first) --------------------------------------
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
      this.OR([
        { ALT: () => this.CONSUME(T.Lt) },
        { ALT: () => this.CONSUME(T.Le) },
        { ALT: () => this.CONSUME(T.Gt) },
        { ALT: () => this.CONSUME(T.Ge) },
        { ALT: () => this.CONSUME(T.EqEq) },
        { ALT: () => this.CONSUME(T.NotEq) },
      ]);
      this.SUBRULE2(this.shiftExpr);
    });
  });

  shiftExpr = this.RULE("shiftExpr", () => {
    this.SUBRULE(this.addExpr);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Shl) }, { ALT: () => this.CONSUME(T.Shr) }]);
      this.SUBRULE2(this.addExpr);
    });
  });

  addExpr = this.RULE("addExpr", () => {
    this.SUBRULE(this.mulExpr);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE2(this.mulExpr);
    });
  });

  mulExpr = this.RULE("mulExpr", () => {
    this.SUBRULE(this.unaryExpr);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Slash) },
        { ALT: () => this.CONSUME(T.Percent) },
      ]);
      this.SUBRULE2(this.unaryExpr);
    });
  });

  unaryExpr = this.RULE("unaryExpr", () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.Minus) },
            { ALT: () => this.CONSUME(T.Plus) },
            { ALT: () => this.CONSUME(T.Bang) },
          ]);
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

/** One shared parser instance (Chevrotain parsers are reusable by resetting `input`). */
export const parserInstance = new SnnParser();

export type { IToken };
