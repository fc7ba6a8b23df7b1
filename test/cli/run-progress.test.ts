// The live log of `snn run`: one line per training epoch, with that epoch's online accuracy.
import { describe, expect, it } from "vitest";
import { epochLog, formatDuration, timeLeft } from "../../cli/commands/run-progress.ts";
import type { Prediction } from "../../emulator/index.ts";

const pred = (epoch: number, label: number, predicted: number, test = false): Prediction => ({
  sample: 0,
  row: 0,
  label,
  predicted,
  test,
  epoch,
});

describe("epoch log", () => {
  it("writes each epoch's online accuracy when the next epoch or the test pass begins", () => {
    const lines: string[] = [];
    let t = 0;
    const log = epochLog(
      2,
      (l) => lines.push(l),
      () => t,
    );
    log.prediction(pred(0, 1, 1));
    log.prediction(pred(0, 2, 0));
    log.prediction(pred(0, 3, -1)); // no output spike: wrong
    expect(lines).toEqual([]);
    t = 1500;
    log.prediction(pred(1, 1, 1));
    expect(lines).toEqual(["epoch 1 of 2: online training accuracy 33.33 % (1/3), 1.5 s in"]);
    log.prediction(pred(1, 0, 0));
    t = 125_000;
    log.prediction(pred(2, 0, 1, true));
    log.prediction(pred(2, 1, 1, true));
    log.end();
    // The test pass is not a training epoch: nothing more after epoch 2.
    expect(lines).toEqual([
      "epoch 1 of 2: online training accuracy 33.33 % (1/3), 1.5 s in",
      "epoch 2 of 2: online training accuracy 100.00 % (2/2), 2 min 05 s in",
    ]);
  });

  it("writes at most one line a second, but always the first and the last epoch", () => {
    const lines: string[] = [];
    let t = 0;
    const log = epochLog(
      5,
      (l) => lines.push(l.slice(0, 7)),
      () => t,
    );
    // Epochs of 0.4 s: lines for epoch 1 (first), 4 (1.2 s after it) and 5 (the last).
    for (let e = 0; e < 5; e++) {
      log.prediction(pred(e, 1, 1));
      t += 400;
    }
    log.prediction(pred(5, 0, 0, true));
    expect(lines).toEqual(["epoch 1", "epoch 4", "epoch 5"]);
  });

  it("writes a run's last, unfinished epoch at the end (a run stopped early)", () => {
    const lines: string[] = [];
    const log = epochLog(
      30,
      (l) => lines.push(l),
      () => 0,
    );
    log.prediction(pred(4, 1, 0));
    log.end();
    log.end();
    expect(lines).toEqual(["epoch 5 of 30: online training accuracy 0.00 % (0/1), 0.0 s in"]);
  });

  it("formats durations people read", () => {
    expect(formatDuration(4200)).toBe("4.2 s");
    expect(formatDuration(185_000)).toBe("3 min 05 s");
    expect(formatDuration(3_725_000)).toBe("1 h 02 min");
  });
});

describe("time left", () => {
  it("is the run's average pace so far times the steps to go", () => {
    // 1000 steps in 2 s: 0.5 s for the remaining 250.
    expect(timeLeft(2000, 0, 1000, 1250)).toBe("0.5 s");
    // A resumed run counts its pace from where it started.
    expect(timeLeft(60_000, 5000, 6000, 9000)).toBe("3 min 00 s");
    expect(timeLeft(1000, 10, 10, 100)).toBe("?");
    expect(timeLeft(1000, 0, 100, 100)).toBe("0.0 s");
  });
});
