// The neuron-model and synapse-type part of the .snn grammar (dynamics statements, parameters,
// traces, learning rules). Builds on the expression grammar; the full parser extends this.

import { ExprGrammar, kw } from "./grammar-expr.ts";
import * as T from "./lexer.ts";

export class ModelGrammar extends ExprGrammar {
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
    this.OPTION2(() => this.CONSUME(kw("persistent")));
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
}
